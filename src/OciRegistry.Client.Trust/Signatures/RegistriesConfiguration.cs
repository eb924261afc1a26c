using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OciRegistry.Client.Trust.Signatures;

/// <summary>
/// The containers-registries.d configuration: every <c>*.yaml</c> file of one directory, merged. Each file may hold
/// <c>default-docker</c> and <c>docker:</c> entries keyed by scope (a host, a namespace, a repository, a
/// <c>repo:tag</c>, or <c>*.domain</c>); an entry says <c>lookaside</c>, <c>lookaside-staging</c> (or their older
/// names <c>sigstore</c>, <c>sigstore-staging</c>) and <c>use-sigstore-attachments</c>. The most specific scope that
/// matches an image applies, whole; else <c>default-docker</c>. A scope (or <c>default-docker</c>) defined twice is
/// an error, as in containers/image.
/// </summary>
internal sealed class RegistriesConfiguration
{
    private readonly SignatureStorage? _defaultDocker;
    private readonly Dictionary<string, SignatureStorage> _docker;

    private RegistriesConfiguration(SignatureStorage? defaultDocker, Dictionary<string, SignatureStorage> docker)
    {
        _defaultDocker = defaultDocker;
        _docker = docker;
    }

    public static RegistriesConfiguration Empty { get; } = new(null, new Dictionary<string, SignatureStorage>(StringComparer.Ordinal));

    /// <summary>Reads every <c>*.yaml</c> file of a directory; a missing directory is an empty configuration.</summary>
    public static RegistriesConfiguration Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return Empty;
        }

        SignatureStorage? defaultDocker = null;
        string? defaultFile = null;
        var docker = new Dictionary<string, SignatureStorage>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SignatureStoreException($"registries.d {file}: {e.Message}", e);
            }

            var (fileDefault, fileDocker) = Parse(text, file);
            if (fileDefault is not null)
            {
                if (defaultFile is not null)
                {
                    throw new SignatureStoreException($"registries.d {file}: default-docker is defined in both {defaultFile} and {file}");
                }

                defaultDocker = fileDefault;
                defaultFile = file;
            }

            foreach (var (scope, storage) in fileDocker)
            {
                if (origins.TryGetValue(scope, out var other))
                {
                    throw new SignatureStoreException($"registries.d {file}: docker scope {scope} is defined in both {other} and {file}");
                }

                origins[scope] = file;
                docker[scope] = storage;
            }
        }

        return new RegistriesConfiguration(defaultDocker, docker);
    }

    /// <summary>Parses one file's text.</summary>
    internal static (SignatureStorage? Default, Dictionary<string, SignatureStorage> Docker) Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new SignatureStoreException($"registries.d {file}: line {e.Start.Line}: {e.Message}", e);
        }

        var docker = new Dictionary<string, SignatureStorage>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return (null, docker);
        }

        SignatureStorage? defaultDocker = null;
        foreach (var (keyNode, value) in Mapping(stream.Documents[0].RootNode, file, "the file").Children)
        {
            var key = Scalar(keyNode, file, "a key");
            switch (key)
            {
                case "default-docker":
                    defaultDocker = Entry(value, file, "default-docker", "default-docker");
                    break;
                case "docker":
                    if (value is YamlScalarNode { Value: null or "" })
                    {
                        break;
                    }

                    foreach (var (scopeNode, entry) in Mapping(value, file, "docker").Children)
                    {
                        var scope = Scalar(scopeNode, file, "a docker scope");
                        docker[scope] = Entry(entry, file, $"docker.{scope}", scope);
                    }

                    break;
                default:
                    throw new SignatureStoreException($"registries.d {file}: unknown key \"{key}\" (expected default-docker or docker)");
            }
        }

        return (defaultDocker, docker);
    }

    /// <summary>Finds where signatures of an image in a registry live.</summary>
    /// <param name="candidates">The image's scopes, most specific first (as the policy computes them for <c>docker</c>).</param>
    public SignatureStorage For(IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            if (_docker.TryGetValue(candidate, out var storage))
            {
                return storage;
            }
        }

        return _defaultDocker ?? SignatureStorage.None;
    }

    /// <summary>Finds where signatures of the image a location names live; only registry images have registries.d storage.</summary>
    public SignatureStorage For(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport == ImageTransport.Registry ? For(Policy.PolicyScopes.For(location).Candidates) : SignatureStorage.None;
    }

    private static SignatureStorage Entry(YamlNode node, string file, string where, string scope)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return SignatureStorage.None with { Scope = scope };
        }

        string? lookaside = null, staging = null, legacy = null, legacyStaging = null;
        var attachments = false;
        foreach (var (keyNode, value) in Mapping(node, file, where).Children)
        {
            var key = Scalar(keyNode, file, where + " key");
            var text = Scalar(value, file, $"{where}.{key}");
            switch (key)
            {
                case "lookaside":
                    lookaside = text;
                    break;
                case "lookaside-staging":
                    staging = text;
                    break;
                case "sigstore":
                    legacy = text;
                    break;
                case "sigstore-staging":
                    legacyStaging = text;
                    break;
                case "use-sigstore-attachments":
                    attachments = text switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new SignatureStoreException($"registries.d {file}: {where}.{key}: expected true or false, not \"{text}\""),
                    };
                    break;
                default:
                    throw new SignatureStoreException($"registries.d {file}: {where}: unknown key \"{key}\"");
            }
        }

        return new SignatureStorage(
            Url(lookaside ?? legacy, file, where + ".lookaside"),
            Url(staging ?? legacyStaging, file, where + ".lookaside-staging"),
            attachments,
            scope);
    }

    private static Uri? Url(string? text, string file, string where)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("file" or "http" or "https"))
        {
            throw new SignatureStoreException($"registries.d {file}: {where}: \"{text}\" is not a file://, http:// or https:// URL");
        }

        return url;
    }

    private static YamlMappingNode Mapping(YamlNode node, string file, string where) =>
        node as YamlMappingNode ?? throw new SignatureStoreException($"registries.d {file}: {where}: expected a mapping");

    private static string Scalar(YamlNode node, string file, string where) =>
        node is YamlScalarNode { Value: { } value } ? value : throw new SignatureStoreException($"registries.d {file}: {where}: expected a scalar");
}
