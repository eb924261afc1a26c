using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>One manifest a copy pushed.</summary>
public sealed class CopiedManifest
{
    internal CopiedManifest(Digest sourceDigest, Descriptor written, Platform? platform)
    {
        SourceDigest = sourceDigest;
        Written = written;
        Platform = platform;
    }

    /// <summary>Gets the digest of the manifest at the source.</summary>
    public Digest SourceDigest { get; }

    /// <summary>Gets the manifest as written: its digest differs from <see cref="SourceDigest"/> when it was converted or is a subset index.</summary>
    public Descriptor Written { get; }

    /// <summary>Gets the platform of an index's instance, when the index gives one.</summary>
    public Platform? Platform { get; }

    /// <summary>Gets a value indicating whether the written bytes differ from the source's (a format conversion or a platform subset).</summary>
    public bool Rewritten => Written.Digest != SourceDigest;
}
