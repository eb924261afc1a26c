namespace OciRegistry.Client.Trust;

/// <summary>What a trust policy concluded about one image.</summary>
public sealed class TrustVerdict
{
    internal TrustVerdict(string image, string scope, Digest manifestDigest, IReadOnlyList<AcceptedSignature> signatures, IReadOnlyList<string> reasons)
    {
        Image = image;
        Scope = scope;
        ManifestDigest = manifestDigest;
        Signatures = signatures;
        Reasons = reasons;
    }

    /// <summary>Gets the image, as its location is written.</summary>
    public string Image { get; }

    /// <summary>Gets the policy scope that applied: <c>default</c>, <c>TRANSPORT (transport default)</c> or <c>TRANSPORT: SCOPE</c>.</summary>
    public string Scope { get; }

    /// <summary>Gets the digest of the manifest judged.</summary>
    public Digest ManifestDigest { get; }

    /// <summary>Gets whether every requirement of the scope holds.</summary>
    public bool IsTrusted => Reasons.Count == 0;

    /// <summary>Gets the signatures accepted by the scope's signature requirements (empty when none applies).</summary>
    public IReadOnlyList<AcceptedSignature> Signatures { get; }

    /// <summary>Gets why each failing requirement failed; empty when the image is trusted.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
