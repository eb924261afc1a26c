namespace OciRegistry.Client.Referrers;

/// <summary>How a referrer is attached to the manifest it refers to.</summary>
public enum ReferrerKind
{
    /// <summary>
    /// Its <c>subject</c> names the manifest; listed by the referrers API or, where the registry has none, by the
    /// referrers tag schema's index. Copied by digest.
    /// </summary>
    Subject,

    /// <summary>Stored under cosign's tag for the manifest (<c>sha256-HEX.sig</c>, <c>.att</c> or <c>.sbom</c>). Copied under that tag.</summary>
    CosignTag,
}
