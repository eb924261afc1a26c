using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OciRegistry.Client.Sync.Yaml;

/// <summary>
/// Maps the YAML representation model to <see cref="SyncYamlFile"/> by hand: no reflection-based deserializer, so
/// the CLI stays Native AOT-clean. Unknown keys are refused: ignored, a typo such as <c>image:</c> would mean
/// "sync nothing".
/// </summary>
internal static class SyncYamlParser
{
    public static SyncYamlFile Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new SyncYamlFile { Registries = [] };
        }

        var root = Mapping(stream.Documents[0].RootNode, "the file");
        var registries = new List<SyncYamlRegistry>();
        foreach (var (key, value) in root.Children)
        {
            var registry = Scalar(key, "a registry name");
            registries.Add(ParseRegistry(registry, value));
        }

        return new SyncYamlFile { Registries = registries };
    }

    private static SyncYamlRegistry ParseRegistry(string registry, YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return new SyncYamlRegistry { Registry = registry };
        }

        var images = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var byRegex = new Dictionary<string, string>(StringComparer.Ordinal);
        var bySemver = new Dictionary<string, string>(StringComparer.Ordinal);
        string? username = null, password = null, certDir = null, repositories = null;
        bool? tlsVerify = null;
        foreach (var (keyNode, value) in Mapping(node, registry).Children)
        {
            var key = Scalar(keyNode, "a key");
            var where = $"{registry}.{key}";
            switch (key)
            {
                case "images":
                    foreach (var (repo, refs) in Pairs(value, where))
                    {
                        images[Scalar(repo, "a repository")] = refs switch
                        {
                            YamlScalarNode { Value: null or "" } => [],
                            YamlSequenceNode sequence => [.. sequence.Children.Select(c => Scalar(c, $"a tag or digest of {where}"))],
                            _ => throw Error(refs, $"{where}: a repository takes a list of tags or digests"),
                        };
                    }

                    break;
                case "images-by-tag-regex":
                    foreach (var (repo, pattern) in Pairs(value, where))
                    {
                        byRegex[Scalar(repo, "a repository")] = Scalar(pattern, $"a regular expression of {where}");
                    }

                    break;
                case "images-by-semver":
                    foreach (var (repo, range) in Pairs(value, where))
                    {
                        bySemver[Scalar(repo, "a repository")] = Scalar(range, $"a version range of {where}");
                    }

                    break;
                case "credentials":
                    foreach (var (credentialKey, credentialValue) in Pairs(value, where))
                    {
                        switch (Scalar(credentialKey, "a key"))
                        {
                            case "username":
                                username = Scalar(credentialValue, "the user name");
                                break;
                            case "password":
                                password = Scalar(credentialValue, "the password");
                                break;
                            default:
                                throw Error(credentialKey, $"{where}: only username and password are read");
                        }
                    }

                    break;
                case "tls-verify":
                    var flag = Scalar(value, where);
                    tlsVerify = flag.ToLowerInvariant() switch
                    {
                        "true" or "yes" or "on" => true,
                        "false" or "no" or "off" => false,
                        _ => throw Error(value, $"{where}: \"{flag}\" is not true or false"),
                    };
                    break;
                case "cert-dir":
                    certDir = Scalar(value, where);
                    break;
                case "repositories-by-regex":
                    repositories = Scalar(value, $"a regular expression of {where}");
                    break;
                default:
                    throw Error(keyNode, $"{registry}: unknown key \"{key}\" (images, images-by-tag-regex, images-by-semver, repositories-by-regex, credentials, tls-verify, cert-dir)");
            }
        }

        return new SyncYamlRegistry
        {
            Registry = registry,
            Images = images,
            ImagesByTagRegex = byRegex,
            ImagesBySemver = bySemver,
            Username = username,
            Password = password,
            TlsVerify = tlsVerify,
            CertDirectory = certDir,
            RepositoryRegex = repositories,
        };
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Pairs(YamlNode node, string where) =>
        node is YamlScalarNode { Value: null or "" } ? [] : Mapping(node, where).Children;

    private static YamlMappingNode Mapping(YamlNode node, string where) =>
        node as YamlMappingNode ?? throw Error(node, $"{where} must be a mapping of keys to values");

    private static string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"expected {what}, a single value");

    private static FormatException Error(YamlNode node, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"line {node.Start.Line}: {message}"));
}
