namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>Which pulls a mirror serves: containers-registries.conf's <c>pull-from-mirror</c>.</summary>
public enum MirrorPullPolicy
{
    /// <summary>Pulls by tag and by digest (<c>all</c>, the default).</summary>
    All,

    /// <summary>Pulls by digest only (<c>digest-only</c>), so a tag always resolves at the registry itself.</summary>
    DigestOnly,

    /// <summary>Pulls by tag only (<c>tag-only</c>).</summary>
    TagOnly,
}
