using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>One manifest a copy pushed.</summary>
/// <param name="SourceDigest">The digest of the manifest at the source.</param>
/// <param name="Written">The manifest as written: its digest differs from <paramref name="SourceDigest"/> when it was converted or is a subset index.</param>
/// <param name="Platform">The platform of an index's instance, when the index gives one.</param>
public sealed record CopiedManifest(Digest SourceDigest, Descriptor Written, Platform? Platform)
{
    /// <summary>Gets a value indicating whether the written bytes differ from the source's (a format conversion or a platform subset).</summary>
    public bool Rewritten => Written.Digest != SourceDigest;
}
