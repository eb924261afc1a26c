using System.Text;

namespace OciRegistry.Client.Referrers;

/// <summary>
/// The tag names under which registries without the referrers API keep what refers to a manifest: the referrers tag
/// schema of the distribution specification (<c>sha256-HEX</c>, an image index of the referrers) and cosign's
/// attachment tags (<c>sha256-HEX.sig</c>, <c>.att</c>, <c>.sbom</c>, each a manifest of its own).
/// </summary>
public static class ReferrerTags
{
    /// <summary>The suffix of cosign's signature tag.</summary>
    public const string CosignSignatureSuffix = ".sig";

    /// <summary>The suffix of cosign's attestation tag.</summary>
    public const string CosignAttestationSuffix = ".att";

    /// <summary>The suffix of cosign's SBOM attachment tag.</summary>
    public const string CosignSbomSuffix = ".sbom";

    /// <summary>Gets cosign's attachment suffixes, signature first.</summary>
    public static IReadOnlyList<string> CosignSuffixes { get; } = [CosignSignatureSuffix, CosignAttestationSuffix, CosignSbomSuffix];

    /// <summary>
    /// Returns the referrers tag schema's tag of a digest: <c>&lt;alg&gt;-&lt;encoded&gt;</c>, the algorithm cut to 32
    /// characters and the encoded part to 64, every character a tag cannot hold replaced by <c>-</c>.
    /// </summary>
    /// <param name="subject">The digest of the manifest referred to.</param>
    /// <returns>The tag, for example <c>sha256-0123…</c>.</returns>
    public static string ForSubject(Digest subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var algorithm = subject.Algorithm.Length > 32 ? subject.Algorithm[..32] : subject.Algorithm;
        var encoded = subject.Encoded.Length > 64 ? subject.Encoded[..64] : subject.Encoded;
        return Sanitize($"{algorithm}-{encoded}");
    }

    /// <summary>Returns cosign's attachment tag of a digest: <c>&lt;alg&gt;-&lt;encoded&gt;&lt;suffix&gt;</c>, for example <c>sha256-0123….sig</c>.</summary>
    /// <param name="subject">The digest of the manifest the attachment is for.</param>
    /// <param name="suffix">One of <see cref="CosignSuffixes"/>.</param>
    /// <returns>The tag.</returns>
    /// <exception cref="ArgumentException"><paramref name="suffix"/> is not one of cosign's.</exception>
    public static string ForCosign(Digest subject, string suffix)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!CosignSuffixes.Contains(suffix, StringComparer.Ordinal))
        {
            throw new ArgumentException($"\"{suffix}\" is not a cosign attachment suffix ({string.Join(", ", CosignSuffixes)}).", nameof(suffix));
        }

        return Sanitize($"{subject.Algorithm}-{subject.Encoded}") + suffix;
    }

    /// <summary>
    /// Returns the artifact type that cosign gives an attachment of this kind when it stores it as an OCI 1.1
    /// referrer (<c>application/vnd.dev.cosign.artifact.sig.v1+json</c> for <c>.sig</c>), used for attachments
    /// found under a tag, whose manifests carry none.
    /// </summary>
    /// <param name="suffix">One of <see cref="CosignSuffixes"/>.</param>
    /// <returns>The artifact type.</returns>
    /// <exception cref="ArgumentException"><paramref name="suffix"/> is not one of cosign's.</exception>
    public static string CosignArtifactType(string suffix)
    {
        if (!CosignSuffixes.Contains(suffix, StringComparer.Ordinal))
        {
            throw new ArgumentException($"\"{suffix}\" is not a cosign attachment suffix ({string.Join(", ", CosignSuffixes)}).", nameof(suffix));
        }

        return $"application/vnd.dev.cosign.artifact.{suffix[1..]}.v1+json";
    }

    private static string Sanitize(string text)
    {
        var tag = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            tag.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        return tag.ToString();
    }
}
