using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy;

/// <summary>One referrer a copy found: copied with its subject, or not, and why.</summary>
public sealed class CopiedReferrer
{
    internal CopiedReferrer(Digest subject, Referrer referrer, string? notCopiedReason)
    {
        Subject = subject;
        Referrer = referrer;
        NotCopiedReason = notCopiedReason;
    }

    /// <summary>Gets the digest of the manifest it refers to, at the source.</summary>
    public Digest Subject { get; }

    /// <summary>Gets the referrer: its descriptor, how it is attached, and its cosign tag if it has one.</summary>
    public Referrer Referrer { get; }

    /// <summary>Gets a value indicating whether it was copied (under the same digest, and its cosign tag if it has one).</summary>
    public bool Copied => NotCopiedReason is null;

    /// <summary>Gets why it was not copied (its subject was written with another digest), or <see langword="null"/> when it was.</summary>
    public string? NotCopiedReason { get; }

    /// <summary>Gets the referrer's descriptor.</summary>
    public Descriptor Descriptor => Referrer.Descriptor;
}
