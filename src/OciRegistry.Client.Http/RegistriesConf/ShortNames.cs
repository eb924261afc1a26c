using System.Diagnostics.CodeAnalysis;

namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>What a short name and an alias target are, as containers/image defines them.</summary>
internal static class ShortNames
{
    /// <summary>Tells whether a name has no registry: its first component has no <c>.</c> or <c>:</c> and is not <c>localhost</c>.</summary>
    public static bool HasNoRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }

        var first = name[..slash];
        return first.IndexOfAny(['.', ':']) < 0 && first != "localhost";
    }

    /// <summary>Tells whether a name is a short name (a repository without registry, tag or digest).</summary>
    public static bool IsShortName(string name, [NotNullWhen(false)] out string? problem)
    {
        problem = !ImageReference.TryParse(name, out var parsed) ? "it is not a valid repository name"
            : parsed.Tag is not null || parsed.Digest is not null || name.Contains('@', StringComparison.Ordinal) ? "it must not have a tag or digest"
            : !HasNoRegistry(name) ? "it must not have a registry"
            : null;
        return problem is null;
    }

    /// <summary>Tells whether a value can be an alias's target: a registry and a repository, without tag or digest.</summary>
    public static bool IsAliasTarget(string value, [NotNullWhen(false)] out string? problem)
    {
        problem = !ImageReference.TryParse(value, out var parsed) ? "it is not a valid image name"
            : parsed.Tag is not null || parsed.Digest is not null ? "it must not have a tag or digest"
            : HasNoRegistry(value) ? "it must have a registry and a repository"
            : null;
        return problem is null;
    }
}
