namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>How a short name (an image name without a registry) is resolved: containers-registries.conf's <c>short-name-mode</c>.</summary>
public enum ShortNameMode
{
    /// <summary>
    /// An alias, else the one candidate from the search registries; several candidates without an alias are an
    /// error that lists them (<c>enforcing</c>). Nothing prompts: the resolver serves hosts without a terminal.
    /// </summary>
    Enforcing,

    /// <summary>An alias, else every candidate from the search registries in order (<c>permissive</c>, the default).</summary>
    Permissive,

    /// <summary>Like <see cref="Permissive"/> (<c>disabled</c>): the candidates are tried in order.</summary>
    Disabled,
}
