using System.Text.Json;

namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// Reads containers-policy.json as containers/image does: strictly. Unknown keys, duplicate keys, unknown
/// requirement or identity types, empty requirement lists and contradictory key settings are errors naming the file
/// and the JSON path, never ignored. Scopes of the transports this library opens are validated as containers/image
/// validates them; scopes of other transports are kept unchecked, since they never apply here.
/// </summary>
internal static class PolicyParser
{
    /// <summary>The largest policy file read; policies are a few KiB.</summary>
    public const int MaxPolicySize = 4 * 1024 * 1024;

    public static TrustPolicy Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new TrustPolicyException($"trust policy {path}: the file does not exist");
            }

            if (info.Length > MaxPolicySize)
            {
                throw new TrustPolicyException($"trust policy {path}: the file is larger than {MaxPolicySize} bytes");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustPolicyException($"trust policy {path}: {e.Message}", e);
        }

        return Parse(bytes, path);
    }

    public static TrustPolicy Parse(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new TrustPolicyException($"trust policy {source}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", e);
        }

        using (document)
        {
            var reader = new Reader(source);
            return reader.ReadPolicy(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    private sealed class Reader(string source)
    {
        private static readonly HashSet<string> KnownKeyTypes = new(StringComparer.Ordinal) { SignedByRequirement.GpgKeys, "signedByGPGKeys", "X509Certificates", "signedByX509CAs" };

        public TrustPolicy ReadPolicy(JsonElement root)
        {
            const string path = "$";
            var fields = Fields(root, path, "default", "transports");
            if (!fields.TryGetValue("default", out var defaultElement))
            {
                throw Fail(path, "the \"default\" requirements are missing");
            }

            var defaults = ReadRequirements(defaultElement, "$.default");
            var transports = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>>(StringComparer.Ordinal);
            if (fields.TryGetValue("transports", out var transportsElement) && transportsElement.ValueKind != JsonValueKind.Null)
            {
                foreach (var (transport, scopesElement) in Members(transportsElement, "$.transports"))
                {
                    var transportPath = $"$.transports[\"{transport}\"]";
                    var scopes = new Dictionary<string, IReadOnlyList<PolicyRequirement>>(StringComparer.Ordinal);
                    foreach (var (scope, requirements) in Members(scopesElement, transportPath))
                    {
                        var scopePath = $"{transportPath}[\"{scope}\"]";
                        if (scope.Length > 0 && ScopeError(transport, scope) is { } error)
                        {
                            throw Fail(scopePath, error);
                        }

                        scopes[scope] = ReadRequirements(requirements, scopePath);
                    }

                    transports[transport] = scopes;
                }
            }

            return new TrustPolicy(source, defaults, transports);
        }

        private static string? ScopeError(string transport, string scope) => transport switch
        {
            PolicyScopes.Docker => DockerScopeError(scope),
            PolicyScopes.Oci or PolicyScopes.OciArchive or PolicyScopes.Dir => PathScopeError(scope, transport == PolicyScopes.Dir),
            PolicyScopes.DockerArchive => "docker-archive: does not support any scopes except the default \"\" one",
            _ => null,
        };

        // containers/image checks little of a docker scope (a scope that never matches is harmless); a wildcard
        // anywhere but a leading "*." is the one mistake that reads as if it matched more than it does.
        private static string? DockerScopeError(string scope)
        {
            var wildcard = scope.StartsWith("*.", StringComparison.Ordinal);
            var rest = wildcard ? scope[2..] : scope;
            if (rest.Contains('*'))
            {
                return $"invalid scope {scope}: a wildcard is only allowed as a leading *.";
            }

            return wildcard && (rest.Length == 0 || rest.Contains('/') || rest.Split('.').Any(l => l.Length == 0))
                ? $"invalid scope {scope}: a wildcard scope is *.DOMAIN"
                : null;
        }

        private static string? PathScopeError(string scope, bool directory)
        {
            if (!scope.StartsWith('/'))
            {
                return $"invalid scope {scope}: must be an absolute path";
            }

            if (scope == "/")
            {
                return "invalid scope \"/\": use the transport's default scope \"\"";
            }

            if (!directory && scope.Contains(':'))
            {
                return $"invalid scope {scope}: must not contain ':'";
            }

            var clean = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(scope));
            return string.Equals(clean, scope, StringComparison.Ordinal) ? null : $"invalid scope {scope}: not in the canonical form {clean}";
        }

        private List<PolicyRequirement> ReadRequirements(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw Fail(path, "expected a list of requirements");
            }

            var requirements = new List<PolicyRequirement>();
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                requirements.Add(ReadRequirement(item, $"{path}[{index}]"));
                index++;
            }

            if (requirements.Count == 0)
            {
                throw Fail(path, "no requirements (an empty list would accept anything; say insecureAcceptAnything or reject)");
            }

            return requirements;
        }

        private PolicyRequirement ReadRequirement(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "expected a requirement object");
            }

            var type = element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString()!
                : throw Fail(path + ".type", "missing or not a string");
            switch (type)
            {
                case InsecureAcceptAnythingRequirement.Name:
                    Fields(element, path, "type");
                    return new InsecureAcceptAnythingRequirement();
                case RejectRequirement.Name:
                    Fields(element, path, "type");
                    return new RejectRequirement();
                case SignedByRequirement.Name:
                    return ReadSignedBy(element, path);
                case SigstoreSignedRequirement.Name:
                    return ReadSigstoreSigned(element, path);
                default:
                    throw Fail(path + ".type", $"unknown policy requirement type \"{type}\"");
            }
        }

        private SignedByRequirement ReadSignedBy(JsonElement element, string path)
        {
            var fields = Fields(element, path, "type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity");
            var keyType = fields.TryGetValue("keyType", out var keyTypeElement) ? String(keyTypeElement, path + ".keyType") : throw Fail(path + ".keyType", "missing");
            if (!KnownKeyTypes.Contains(keyType))
            {
                throw Fail(path + ".keyType", $"unknown key type \"{keyType}\"");
            }

            var keyPath = Optional(fields, "keyPath", path, String);
            var keyPaths = Optional(fields, "keyPaths", path, Strings);
            var keyData = Optional(fields, "keyData", path, Base64);
            if ((keyPath is null ? 0 : 1) + (keyPaths is null ? 0 : 1) + (keyData is null ? 0 : 1) != 1)
            {
                throw Fail(path, "exactly one of keyPath, keyPaths and keyData must be specified");
            }

            if (keyPaths is { Count: 0 })
            {
                throw Fail(path + ".keyPaths", "no key paths");
            }

            var identity = fields.TryGetValue("signedIdentity", out var identityElement) ? ReadIdentity(identityElement, path + ".signedIdentity") : SignedIdentity.Default;
            return new SignedByRequirement(keyType, keyPath is not null ? [keyPath] : keyPaths ?? [], keyData ?? ReadOnlyMemory<byte>.Empty, identity);
        }

        private SigstoreSignedRequirement ReadSigstoreSigned(JsonElement element, string path)
        {
            var fields = Fields(
                element,
                path,
                "type",
                "keyPath",
                "keyPaths",
                "keyData",
                "keyDatas",
                "fulcio",
                "pki",
                "rekorPublicKeyPath",
                "rekorPublicKeyPaths",
                "rekorPublicKeyData",
                "rekorPublicKeyDatas",
                "signedIdentity");
            var keyPath = Optional(fields, "keyPath", path, String);
            var keyPaths = Optional(fields, "keyPaths", path, Strings);
            var keyData = Optional(fields, "keyData", path, Base64);
            var keyDatas = Optional(fields, "keyDatas", path, Base64s);
            var fulcio = Optional(fields, "fulcio", path, ReadFulcio);
            var pki = Optional(fields, "pki", path, ReadPki);
            var rekorPath = Optional(fields, "rekorPublicKeyPath", path, String);
            var rekorPaths = Optional(fields, "rekorPublicKeyPaths", path, Strings);
            var rekorData = Optional(fields, "rekorPublicKeyData", path, Base64);
            var rekorDatas = Optional(fields, "rekorPublicKeyDatas", path, Base64s);
            var keyForms = (keyPath is null ? 0 : 1) + (keyPaths is null ? 0 : 1) + (keyData is null ? 0 : 1) + (keyDatas is null ? 0 : 1) + (fulcio is null ? 0 : 1) + (pki is null ? 0 : 1);
            if (keyForms != 1)
            {
                throw Fail(path, "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki must be specified");
            }

            var rekorForms = (rekorPath is null ? 0 : 1) + (rekorPaths is null ? 0 : 1) + (rekorData is null ? 0 : 1) + (rekorDatas is null ? 0 : 1);
            if (rekorForms > 1)
            {
                throw Fail(path, "at most one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas may be specified");
            }

            if (fulcio is not null && rekorForms == 0)
            {
                throw Fail(path, "fulcio needs one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas");
            }

            if (pki is not null && rekorForms > 0)
            {
                throw Fail(path, "rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas are not supported with pki");
            }

            foreach (var (name, count) in new[] { ("keyPaths", keyPaths?.Count), ("keyDatas", keyDatas?.Count), ("rekorPublicKeyPaths", rekorPaths?.Count), ("rekorPublicKeyDatas", rekorDatas?.Count) })
            {
                if (count == 0)
                {
                    throw Fail($"{path}.{name}", "an empty list");
                }
            }

            var identity = fields.TryGetValue("signedIdentity", out var identityElement) ? ReadIdentity(identityElement, path + ".signedIdentity") : SignedIdentity.Default;
            return new SigstoreSignedRequirement(
                keyPath,
                keyPaths ?? [],
                keyData ?? ReadOnlyMemory<byte>.Empty,
                keyDatas ?? [],
                fulcio,
                pki,
                rekorPath,
                rekorPaths ?? [],
                rekorData ?? ReadOnlyMemory<byte>.Empty,
                rekorDatas ?? [],
                identity);
        }

        private FulcioRequirement ReadFulcio(JsonElement element, string path)
        {
            var fields = Fields(element, path, "caPath", "caData", "oidcIssuer", "subjectEmail");
            var caPath = Optional(fields, "caPath", path, String);
            var caData = Optional(fields, "caData", path, Base64);
            if ((caPath is null) == (caData is null))
            {
                throw Fail(path, "exactly one of caPath and caData must be specified");
            }

            var issuer = Optional(fields, "oidcIssuer", path, String);
            var email = Optional(fields, "subjectEmail", path, String);
            if (string.IsNullOrEmpty(issuer))
            {
                throw Fail(path + ".oidcIssuer", "missing");
            }

            if (string.IsNullOrEmpty(email))
            {
                throw Fail(path + ".subjectEmail", "missing");
            }

            return new FulcioRequirement(caPath, caData ?? ReadOnlyMemory<byte>.Empty, issuer, email);
        }

        private PkiRequirement ReadPki(JsonElement element, string path)
        {
            var fields = Fields(element, path, "caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData", "subjectEmail", "subjectHostname");
            var rootsPath = NonEmpty(Optional(fields, "caRootsPath", path, String), path + ".caRootsPath");
            var rootsData = Optional(fields, "caRootsData", path, Base64);
            if ((rootsPath is null) == (rootsData is null))
            {
                throw Fail(path, "exactly one of caRootsPath and caRootsData must be specified");
            }

            var intermediatesPath = NonEmpty(Optional(fields, "caIntermediatesPath", path, String), path + ".caIntermediatesPath");
            var intermediatesData = Optional(fields, "caIntermediatesData", path, Base64);
            if (intermediatesPath is not null && intermediatesData is not null)
            {
                throw Fail(path, "caIntermediatesPath and caIntermediatesData cannot be used together");
            }

            var email = Optional(fields, "subjectEmail", path, String);
            var hostname = Optional(fields, "subjectHostname", path, String);
            email = string.IsNullOrEmpty(email) ? null : email;
            hostname = string.IsNullOrEmpty(hostname) ? null : hostname;
            if (email is null && hostname is null)
            {
                throw Fail(path, "at least one of subjectEmail and subjectHostname must be specified");
            }

            return new PkiRequirement(
                rootsPath,
                rootsData ?? ReadOnlyMemory<byte>.Empty,
                intermediatesPath,
                intermediatesData ?? ReadOnlyMemory<byte>.Empty,
                email,
                hostname);
        }

        private string? NonEmpty(string? value, string path) =>
            value is { Length: 0 } ? throw Fail(path, "an empty path") : value;

        private SignedIdentity ReadIdentity(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "expected an identity object");
            }

            var type = element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString()!
                : throw Fail(path + ".type", "missing or not a string");
            switch (type)
            {
                case "matchExact":
                    Fields(element, path, "type");
                    return new MatchExact();
                case "matchRepoDigestOrExact":
                    Fields(element, path, "type");
                    return new MatchRepoDigestOrExact();
                case "matchRepository":
                    Fields(element, path, "type");
                    return new MatchRepository();
                case "exactReference":
                {
                    var fields = Fields(element, path, "type", "dockerReference");
                    var text = Optional(fields, "dockerReference", path, String) ?? throw Fail(path + ".dockerReference", "missing");
                    var reference = ImageReference.TryParse(text, out var parsed) ? parsed : throw Fail(path + ".dockerReference", $"\"{text}\" is not a Docker reference");
                    return reference.Tag is null && reference.Digest is null
                        ? throw Fail(path + ".dockerReference", $"\"{text}\" has neither a tag nor a digest")
                        : new ExactReference(reference);
                }

                case "exactRepository":
                {
                    var fields = Fields(element, path, "type", "dockerRepository");
                    var text = Optional(fields, "dockerRepository", path, String) ?? throw Fail(path + ".dockerRepository", "missing");
                    return ImageReference.TryParse(text, out var parsed)
                        ? new ExactRepository(parsed)
                        : throw Fail(path + ".dockerRepository", $"\"{text}\" is not a Docker repository");
                }

                case "remapIdentity":
                {
                    var fields = Fields(element, path, "type", "prefix", "signedPrefix");
                    var prefix = Optional(fields, "prefix", path, String) ?? throw Fail(path + ".prefix", "missing");
                    var signedPrefix = Optional(fields, "signedPrefix", path, String) ?? throw Fail(path + ".signedPrefix", "missing");
                    ValidatePrefix(prefix, path + ".prefix");
                    ValidatePrefix(signedPrefix, path + ".signedPrefix");
                    return new RemapIdentity(prefix, signedPrefix);
                }

                default:
                    throw Fail(path + ".type", $"unknown signedIdentity type \"{type}\"");
            }
        }

        // A prefix is a host[:port], or a normalised repository name without tag or digest.
        private void ValidatePrefix(string prefix, string path)
        {
            if (ImageReference.TryParse(prefix, out var parsed) && parsed.Tag is null && parsed.Digest is null
                && (string.Equals(parsed.Name, prefix, StringComparison.Ordinal) || string.Equals(parsed.Registry, prefix, StringComparison.Ordinal)))
            {
                return;
            }

            if (!prefix.Contains('/') && (prefix.Contains('.') || prefix.Contains(':') || prefix == "localhost")
                && ImageReference.TryParse(prefix + "/x", out var host) && string.Equals(host.Registry, prefix, StringComparison.Ordinal))
            {
                return;
            }

            throw Fail(path, $"\"{prefix}\" is neither a host nor a normalised repository name");
        }

        private Dictionary<string, JsonElement> Fields(JsonElement element, string path, params string[] allowed)
        {
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var (name, value) in Members(element, path))
            {
                if (Array.IndexOf(allowed, name) < 0)
                {
                    throw Fail($"{path}.{name}", "unknown field");
                }

                fields[name] = value;
            }

            return fields;
        }

        private List<(string Name, JsonElement Value)> Members(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "expected an object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var members = new List<(string Name, JsonElement Value)>();
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Fail($"{path}[\"{property.Name}\"]", "duplicate key");
                }

                members.Add((property.Name, property.Value));
            }

            return members;
        }

        private static T? Optional<T>(Dictionary<string, JsonElement> fields, string name, string path, Func<JsonElement, string, T> read)
            where T : class =>
            fields.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null ? read(element, $"{path}.{name}") : null;

        // Spelled out: a conditional of ReadOnlyMemory and null would turn null into an empty memory, not "absent".
        private static ReadOnlyMemory<byte>? Optional(Dictionary<string, JsonElement> fields, string name, string path, Func<JsonElement, string, ReadOnlyMemory<byte>> read) =>
            fields.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null ? read(element, $"{path}.{name}") : (ReadOnlyMemory<byte>?)null;

        private string String(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Fail(path, "expected a string");

        private IReadOnlyList<string> Strings(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Array
                ? [.. element.EnumerateArray().Select((e, i) => String(e, $"{path}[{i}]"))]
                : throw Fail(path, "expected a list of strings");

        private ReadOnlyMemory<byte> Base64(JsonElement element, string path)
        {
            var text = String(element, path);
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw Fail(path, "not valid base64");
            }
        }

        private IReadOnlyList<ReadOnlyMemory<byte>> Base64s(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Array
                ? [.. element.EnumerateArray().Select((e, i) => Base64(e, $"{path}[{i}]"))]
                : throw Fail(path, "expected a list of base64 strings");

        private TrustPolicyException Fail(string path, string message) => new($"trust policy {source}: at {path}: {message}");
    }
}
