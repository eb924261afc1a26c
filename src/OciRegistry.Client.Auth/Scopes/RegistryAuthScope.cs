using System.Collections.Immutable;

namespace OciRegistry.Client.Auth;

/// <summary>
/// A resource scope of the Docker token protocol, <c>type:name:actions</c>: for example
/// <c>repository:team/app:pull,push</c> or <c>registry:catalog:*</c>. Actions are kept sorted and without duplicates,
/// so equal scopes compare equal and <see cref="ToString"/> is canonical.
/// </summary>
public sealed record RegistryAuthScope
{
    /// <summary>The <c>pull</c> action: read manifests, blobs and tags.</summary>
    public const string Pull = "pull";

    /// <summary>The <c>push</c> action: write manifests and blobs.</summary>
    public const string Push = "push";

    /// <summary>The <c>delete</c> action: delete manifests and blobs.</summary>
    public const string Delete = "delete";

    /// <summary>The <c>*</c> action: everything on the resource (used with <c>registry:catalog</c>).</summary>
    public const string All = "*";

    /// <summary>Creates a scope.</summary>
    /// <param name="resourceType">The resource type, for example <c>repository</c> or <c>registry</c>, optionally with a class (<c>repository(plugin)</c>).</param>
    /// <param name="resourceName">The resource name, for example a repository path (it may contain <c>host:port/</c>).</param>
    /// <param name="actions">The actions; duplicates and empty entries are dropped, the rest sorted.</param>
    public RegistryAuthScope(string resourceType, string resourceName, IEnumerable<string> actions)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        ArgumentNullException.ThrowIfNull(actions);
        if (resourceType.Contains(':', StringComparison.Ordinal) || resourceType.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException("A resource type cannot contain ':' or spaces.", nameof(resourceType));
        }

        if (resourceName.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException("A resource name cannot contain spaces.", nameof(resourceName));
        }

        ResourceType = resourceType;
        ResourceName = resourceName;
        Actions = Normalize(actions);
    }

    /// <summary>Gets the resource type, for example <c>repository</c>.</summary>
    public string ResourceType { get; }

    /// <summary>Gets the resource name, for example <c>team/app</c>.</summary>
    public string ResourceName { get; }

    /// <summary>Gets the actions, sorted ordinally and without duplicates.</summary>
    public ImmutableArray<string> Actions { get; }

    /// <summary>Gets the scope of the registry's catalog, <c>registry:catalog:*</c>.</summary>
    public static RegistryAuthScope Catalog { get; } = new("registry", "catalog", [All]);

    /// <summary>Creates a <c>repository:NAME:ACTIONS</c> scope.</summary>
    /// <param name="repository">The repository path within the registry, for example <c>library/nginx</c>.</param>
    /// <param name="actions">The actions, for example <see cref="Pull"/> and <see cref="Push"/>.</param>
    /// <returns>The scope.</returns>
    public static RegistryAuthScope Repository(string repository, params IEnumerable<string> actions) =>
        new("repository", repository, actions);

    /// <summary>
    /// Parses one scope, <c>type:name:actions</c>. The type ends at the first colon and the actions begin after the
    /// last one, so names containing <c>host:port</c> parse correctly.
    /// </summary>
    /// <param name="value">The scope text.</param>
    /// <param name="scope">The scope, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid scope.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RegistryAuthScope? scope)
    {
        scope = null;
        if (string.IsNullOrEmpty(value) || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var first = value.IndexOf(':', StringComparison.Ordinal);
        var last = value.LastIndexOf(':');
        if (first <= 0 || last <= first + 1)
        {
            return false;
        }

        var actions = value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        scope = new RegistryAuthScope(value[..first], value[(first + 1)..last], actions);
        return true;
    }

    /// <summary>Parses one scope, <c>type:name:actions</c>.</summary>
    /// <param name="value">The scope text.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">The text is not a scope.</exception>
    public static RegistryAuthScope Parse(string value) =>
        TryParse(value, out var scope) ? scope : throw new FormatException($"'{value}' is not a resource scope of the form type:name:actions.");

    /// <summary>Merges scopes: one entry per resource with the union of its actions, sorted by type then name.</summary>
    /// <param name="scopes">The scopes to merge; <see langword="null"/> entries are skipped.</param>
    /// <returns>The merged scopes, in canonical order.</returns>
    public static IReadOnlyList<RegistryAuthScope> Merge(IEnumerable<RegistryAuthScope?> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var byResource = new SortedDictionary<(string Type, string Name), SortedSet<string>>(ResourceComparer.Instance);
        foreach (var scope in scopes)
        {
            if (scope is null)
            {
                continue;
            }

            var key = (scope.ResourceType, scope.ResourceName);
            if (!byResource.TryGetValue(key, out var actions))
            {
                actions = new SortedSet<string>(StringComparer.Ordinal);
                byResource.Add(key, actions);
            }

            actions.UnionWith(scope.Actions);
        }

        return [.. byResource.Select(e => new RegistryAuthScope(e.Key.Type, e.Key.Name, e.Value))];
    }

    /// <summary>Whether this scope grants every action of <paramref name="other"/> on the same resource.</summary>
    /// <param name="other">The scope asked for.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> is covered.</returns>
    public bool Covers(RegistryAuthScope other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(ResourceType, other.ResourceType, StringComparison.Ordinal)
            && string.Equals(ResourceName, other.ResourceName, StringComparison.Ordinal)
            && other.Actions.All(a => Actions.Contains(a, StringComparer.Ordinal));
    }

    /// <inheritdoc/>
    public bool Equals(RegistryAuthScope? other) =>
        other is not null
        && string.Equals(ResourceType, other.ResourceType, StringComparison.Ordinal)
        && string.Equals(ResourceName, other.ResourceName, StringComparison.Ordinal)
        && Actions.SequenceEqual(other.Actions, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(ResourceType),
        StringComparer.Ordinal.GetHashCode(ResourceName),
        StringComparer.Ordinal.GetHashCode(string.Join(',', Actions)));

    /// <summary>Returns the scope in its wire form, <c>type:name:action1,action2</c>.</summary>
    /// <returns>The canonical scope string.</returns>
    public override string ToString() => $"{ResourceType}:{ResourceName}:{string.Join(',', Actions)}";

    private static ImmutableArray<string> Normalize(IEnumerable<string> actions) =>
        [.. actions.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private sealed class ResourceComparer : IComparer<(string Type, string Name)>
    {
        public static ResourceComparer Instance { get; } = new();

        public int Compare((string Type, string Name) x, (string Type, string Name) y)
        {
            var type = string.CompareOrdinal(x.Type, y.Type);
            return type != 0 ? type : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
