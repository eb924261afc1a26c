using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>
/// Reads one containers-registries.conf file (version 2, or version 1 converted to version 2) and checks it as
/// containers/image does, and more strictly in one respect: a key this reader does not know is an error, so a typo
/// cannot silently turn a mirror or a block off.
/// </summary>
internal static class RegistriesConfigurationReader
{
    private static readonly HashSet<string> TopLevelKeys =
        ["registry", "unqualified-search-registries", "credential-helpers", "short-name-mode", "additional-layer-store-auth-helper", "aliases", "registries"];

    private static readonly HashSet<string> RegistryKeys = ["prefix", "location", "insecure", "blocked", "mirror-by-digest-only", "pull-from-mirror", "mirror"];

    private static readonly HashSet<string> MirrorKeys = ["location", "insecure", "pull-from-mirror"];

    public static RegistriesConfigurationFile Read(string path, bool dropIn)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistriesConfigurationException(path, null, e.Message, e);
        }

        return Parse(text, path, dropIn);
    }

    public static RegistriesConfigurationFile Parse(string text, string path, bool dropIn)
    {
        var document = SyntaxParser.Parse(text, path, validate: true);
        if (document.HasErrors)
        {
            var errors = document.Diagnostics.Where(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error)
                .Select(d => $"line {d.Span.Start.Line + 1}, column {d.Span.Start.Column + 1}: {d.Message}");
            throw new RegistriesConfigurationException(path, null, "not valid TOML: " + string.Join("; ", errors));
        }

        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize(text, RegistriesTomlContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new RegistriesConfigurationException(path, null, "not valid TOML: " + e.Message, e);
        }

        foreach (var (key, _) in root)
        {
            if (!TopLevelKeys.Contains(key))
            {
                throw new RegistriesConfigurationException(path, key, "unknown key");
            }
        }

        var v1 = ReadVersion1(root, path);
        var v2Set = root.ContainsKey("registry") || root.ContainsKey("unqualified-search-registries") || root.ContainsKey("credential-helpers")
            || root.ContainsKey("short-name-mode") || root.ContainsKey("additional-layer-store-auth-helper") || root.ContainsKey("aliases");
        if (v1 is not null)
        {
            if (dropIn)
            {
                throw new RegistriesConfigurationException(path, "registries", "a drop-in file must be in the version 2 format, but this one is in version 1");
            }

            if (v2Set)
            {
                throw new RegistriesConfigurationException(
                    path,
                    "registries",
                    "mixing the version 1 format ([registries.search], [registries.insecure], [registries.block]) with version 2 keys is not supported");
            }

            return v1;
        }

        var registries = new List<RegistryEntry>();
        if (root.TryGetValue("registry", out var tables))
        {
            var index = 0;
            foreach (var table in Tables(tables, path, "registry"))
            {
                index++;
                registries.Add(ReadRegistry(table, path, $"[[registry]] #{index}"));
            }
        }

        IReadOnlyList<string>? search = null;
        if (root.TryGetValue("unqualified-search-registries", out var searchValue))
        {
            search = [.. Strings(searchValue, path, "unqualified-search-registries").Select(s => SearchRegistry(s, path))];
        }

        _ = root.TryGetValue("credential-helpers", out var helpers) ? Strings(helpers, path, "credential-helpers") : [];
        if (root.TryGetValue("additional-layer-store-auth-helper", out var storeHelper))
        {
            _ = String(storeHelper, path, "additional-layer-store-auth-helper");
        }

        ShortNameMode? mode = null;
        if (root.TryGetValue("short-name-mode", out var modeValue))
        {
            var text2 = String(modeValue, path, "short-name-mode");
            if (text2.Length > 0)
            {
                mode = text2 switch
                {
                    "enforcing" => ShortNameMode.Enforcing,
                    "permissive" => ShortNameMode.Permissive,
                    "disabled" => ShortNameMode.Disabled,
                    _ => throw new RegistriesConfigurationException(path, "short-name-mode", $"\"{text2}\" is not enforcing, permissive or disabled"),
                };
            }
        }

        var aliases = root.TryGetValue("aliases", out var aliasTable) ? ReadAliases(aliasTable, path, "aliases") : new Dictionary<string, string>(StringComparer.Ordinal);
        return new RegistriesConfigurationFile
        {
            Path = path,
            Registries = Normalise(registries, path),
            UnqualifiedSearchRegistries = search,
            ShortNameMode = mode,
            Aliases = aliases,
        };
    }

    /// <summary>Reads a short-name alias file (<c>[aliases]</c> only), such as the user's alias cache.</summary>
    public static IReadOnlyDictionary<string, string> ReadAliasFile(string path)
    {
        var text = File.ReadAllText(path);
        var document = SyntaxParser.Parse(text, path, validate: true);
        if (document.HasErrors)
        {
            throw new RegistriesConfigurationException(path, null, "not valid TOML: " + string.Join("; ", document.Diagnostics.Select(d => d.Message)));
        }

        var root = TomlSerializer.Deserialize(text, RegistriesTomlContext.Default.TomlTable) ?? new TomlTable();
        foreach (var (key, _) in root)
        {
            if (key != "aliases")
            {
                throw new RegistriesConfigurationException(path, key, "unknown key (an alias file holds [aliases] only)");
            }
        }

        return root.TryGetValue("aliases", out var aliases) ? ReadAliases(aliases, path, "aliases") : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private static RegistriesConfigurationFile? ReadVersion1(TomlTable root, string path)
    {
        if (!root.TryGetValue("registries", out var value))
        {
            return null;
        }

        if (value is not TomlTable v1)
        {
            throw new RegistriesConfigurationException(path, "registries", "must be a table ([registries.search], [registries.insecure], [registries.block])");
        }

        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, section) in v1)
        {
            var key = $"registries.{name}";
            if (name is not ("search" or "insecure" or "block"))
            {
                throw new RegistriesConfigurationException(path, key, "unknown table (version 1 has [registries.search], [registries.insecure] and [registries.block])");
            }

            if (section is not TomlTable table)
            {
                throw new RegistriesConfigurationException(path, key, "must be a table");
            }

            foreach (var (inner, list) in table)
            {
                if (inner != "registries")
                {
                    throw new RegistriesConfigurationException(path, $"{key}.{inner}", "unknown key (the version 1 tables hold \"registries\" only)");
                }

                lists[name] = Strings(list, path, $"{key}.registries");
            }
        }

        // As containers/image converts version 1: each blocked or insecure registry becomes a [[registry]] whose prefix and location are that registry.
        var entries = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        void Mark(string kind, Func<RegistryEntry, RegistryEntry> change)
        {
            foreach (var raw in lists.GetValueOrDefault(kind, []))
            {
                var location = Location(raw, path, $"registries.{kind}.registries");
                if (!entries.TryGetValue(location, out var entry))
                {
                    entry = new RegistryEntry { Prefix = location, Location = location, Source = path };
                    order.Add(location);
                }

                entries[location] = change(entry);
            }
        }

        Mark("block", e => e with { Blocked = true });
        Mark("insecure", e => e with { Insecure = true });
        return new RegistriesConfigurationFile
        {
            Path = path,
            Registries = Normalise([.. order.Select(l => entries[l])], path),
            UnqualifiedSearchRegistries = lists.TryGetValue("search", out var search) ? [.. search.Select(s => SearchRegistry(s, path))] : null,
        };
    }

    private static RegistryEntry ReadRegistry(TomlTable table, string path, string key)
    {
        foreach (var (name, _) in table)
        {
            if (!RegistryKeys.Contains(name))
            {
                throw new RegistriesConfigurationException(path, $"{key} {name}", "unknown key");
            }
        }

        var location = table.TryGetValue("location", out var l) ? Location(String(l, path, $"{key} location"), path, $"{key} location", allowEmpty: true) : string.Empty;
        var prefix = table.TryGetValue("prefix", out var p) ? TrimSlashes(String(p, path, $"{key} prefix")) : string.Empty;
        if (prefix.StartsWith("http://", StringComparison.Ordinal) || prefix.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new RegistriesConfigurationException(path, $"{key} prefix", $"\"{prefix}\" has a URI scheme, which is not supported");
        }

        if (prefix.Length == 0)
        {
            prefix = location.Length > 0
                ? location
                : throw new RegistriesConfigurationException(path, key, "both location and prefix are unset");
        }
        else if (prefix.Contains('*', StringComparison.Ordinal))
        {
            if (!RegistryPrefix.IsValidWildcard(prefix))
            {
                throw new RegistriesConfigurationException(path, $"{key} prefix", $"a wildcard prefix must be in the format *.example.com (no path, port, tag or digest, and * only at the start), not \"{prefix}\"");
            }
        }
        else if (location.Length == 0)
        {
            throw new RegistriesConfigurationException(path, $"{key} location", $"location is unset and prefix \"{prefix}\" is not in the format *.example.com");
        }

        if (table.TryGetValue("pull-from-mirror", out var primaryPolicy) && String(primaryPolicy, path, $"{key} pull-from-mirror").Length > 0)
        {
            throw new RegistriesConfigurationException(path, $"{key} pull-from-mirror", $"must not be set for a registry (prefix \"{prefix}\"), only for its mirrors");
        }

        var byDigestOnly = table.TryGetValue("mirror-by-digest-only", out var d) && Bool(d, path, $"{key} mirror-by-digest-only");
        var mirrors = new List<RegistryMirror>();
        if (table.TryGetValue("mirror", out var mirrorTables))
        {
            var index = 0;
            foreach (var mirror in Tables(mirrorTables, path, $"{key} mirror"))
            {
                index++;
                var mirrorKey = $"{key} [[registry.mirror]] #{index}";
                foreach (var (name, _) in mirror)
                {
                    if (!MirrorKeys.Contains(name))
                    {
                        throw new RegistriesConfigurationException(path, $"{mirrorKey} {name}", "unknown key");
                    }
                }

                var mirrorLocation = mirror.TryGetValue("location", out var ml) ? Location(String(ml, path, $"{mirrorKey} location"), path, $"{mirrorKey} location", allowEmpty: true) : string.Empty;
                if (mirrorLocation.Length == 0)
                {
                    throw new RegistriesConfigurationException(path, $"{mirrorKey} location", "a mirror's location is unset");
                }

                var policyText = mirror.TryGetValue("pull-from-mirror", out var pm) ? String(pm, path, $"{mirrorKey} pull-from-mirror") : string.Empty;
                if (byDigestOnly && policyText.Length > 0)
                {
                    throw new RegistriesConfigurationException(
                        path,
                        $"{mirrorKey} pull-from-mirror",
                        $"cannot be set while the registry (prefix \"{prefix}\") sets mirror-by-digest-only");
                }

                var policy = policyText switch
                {
                    "" or "all" => MirrorPullPolicy.All,
                    "digest-only" => MirrorPullPolicy.DigestOnly,
                    "tag-only" => MirrorPullPolicy.TagOnly,
                    _ => throw new RegistriesConfigurationException(path, $"{mirrorKey} pull-from-mirror", $"\"{policyText}\" is not all, digest-only or tag-only"),
                };
                var insecure = mirror.TryGetValue("insecure", out var mi) && Bool(mi, path, $"{mirrorKey} insecure");
                mirrors.Add(new RegistryMirror(mirrorLocation, insecure, policy));
            }
        }

        return new RegistryEntry
        {
            Prefix = prefix,
            Location = location,
            Insecure = table.TryGetValue("insecure", out var i) && Bool(i, path, $"{key} insecure"),
            Blocked = table.TryGetValue("blocked", out var b) && Bool(b, path, $"{key} blocked"),
            MirrorByDigestOnly = byDigestOnly,
            Mirrors = mirrors,
            Source = path,
        };
    }

    // The checks containers/image makes of a whole file: one location cannot be both insecure and not, or blocked and
    // not; then the first table of each prefix wins and the tables are sorted by prefix.
    private static List<RegistryEntry> Normalise(List<RegistryEntry> registries, string path)
    {
        foreach (var group in registries.GroupBy(r => r.Location.Length == 0 ? r.Prefix : r.Location, StringComparer.Ordinal))
        {
            if (group.Select(r => r.Insecure).Distinct().Count() > 1)
            {
                throw new RegistriesConfigurationException(path, "registry", $"registry \"{group.Key}\" is defined several times with conflicting insecure settings");
            }

            if (group.Select(r => r.Blocked).Distinct().Count() > 1)
            {
                throw new RegistriesConfigurationException(path, "registry", $"registry \"{group.Key}\" is defined several times with conflicting blocked settings");
            }
        }

        var unique = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        foreach (var registry in registries)
        {
            unique.TryAdd(registry.Prefix, registry);
        }

        return [.. unique.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)];
    }

    private static Dictionary<string, string> ReadAliases(object? value, string path, string key)
    {
        if (value is not TomlTable table)
        {
            throw new RegistriesConfigurationException(path, key, "must be a table of short name = \"registry/repository\"");
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, target) in table)
        {
            var aliasKey = $"{key}.\"{name}\"";
            if (!ShortNames.IsShortName(name, out var problem))
            {
                throw new RegistriesConfigurationException(path, aliasKey, $"invalid short name \"{name}\": {problem}");
            }

            var text = String(target, path, aliasKey);
            if (text.Length > 0 && !ShortNames.IsAliasTarget(text, out problem))
            {
                throw new RegistriesConfigurationException(path, aliasKey, $"invalid alias \"{text}\": {problem}");
            }

            aliases[name] = text;
        }

        return aliases;
    }

    private static string SearchRegistry(string value, string path)
    {
        var registry = Location(value, path, "unqualified-search-registries");
        return registry.Contains('/', StringComparison.Ordinal) || !RegistryPrefix.IsLocation(registry)
            ? throw new RegistriesConfigurationException(path, "unqualified-search-registries", $"\"{value}\" is not a registry (host[:port])")
            : registry;
    }

    private static string Location(string value, string path, string key, bool allowEmpty = false)
    {
        var trimmed = TrimSlashes(value);
        if (trimmed.StartsWith("http://", StringComparison.Ordinal) || trimmed.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new RegistriesConfigurationException(path, key, $"\"{value}\" has a URI scheme, which is not supported: write host[:port][/path]");
        }

        if (trimmed.Length == 0 && allowEmpty)
        {
            return trimmed;
        }

        return RegistryPrefix.IsLocation(trimmed)
            ? trimmed
            : throw new RegistriesConfigurationException(path, key, $"\"{value}\" is not a location (host[:port] with an optional path, such as mirror.example.com/dockerhub)");
    }

    private static string TrimSlashes(string value) => value.TrimEnd('/');

    private static IEnumerable<TomlTable> Tables(object? value, string path, string key) => value switch
    {
        TomlTableArray array => array,
        TomlArray array when array.All(i => i is TomlTable) => array.Cast<TomlTable>(),
        _ => throw new RegistriesConfigurationException(path, key, "must be an array of tables"),
    };

    private static List<string> Strings(object? value, string path, string key) =>
        value is TomlArray array && array.All(i => i is string)
            ? [.. array.Cast<string>()]
            : throw new RegistriesConfigurationException(path, key, "must be an array of strings");

    private static string String(object? value, string path, string key) =>
        value as string ?? throw new RegistriesConfigurationException(path, key, "must be a string");

    private static bool Bool(object? value, string path, string key) =>
        value as bool? ?? throw new RegistriesConfigurationException(path, key, "must be true or false");
}
