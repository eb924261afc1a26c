using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// One auth file as podman's <c>auth.json</c> and docker's <c>config.json</c> share: <c>auths</c> (keyed by
/// <c>host</c>, <c>host/namespace</c> or a URL such as <c>https://index.docker.io/v1/</c>; entries carry a base64
/// <c>auth</c> of <c>user:password</c>, or <c>username</c>/<c>password</c>, <c>identitytoken</c>,
/// <c>registrytoken</c>), <c>credHelpers</c> (registry → helper name) and <c>credsStore</c> (the default helper).
/// </summary>
internal sealed class AuthFile
{
    private AuthFile(IReadOnlyDictionary<string, RegistryCredential?> auths, IReadOnlyDictionary<string, string> helpers, string? credsStore)
    {
        Auths = auths;
        CredentialHelpers = helpers;
        CredentialsStore = credsStore;
    }

    /// <summary>Gets the <c>auths</c> entries by normalised key (<see cref="RegistryHosts.Normalize"/>); an entry without usable credentials is <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, RegistryCredential?> Auths { get; }

    /// <summary>Gets the <c>credHelpers</c> entries by normalised registry.</summary>
    public IReadOnlyDictionary<string, string> CredentialHelpers { get; }

    /// <summary>Gets the <c>credsStore</c> helper name, if any.</summary>
    public string? CredentialsStore { get; }

    /// <summary>Reads a file; a missing file is <see langword="null"/>.</summary>
    /// <exception cref="RegistryAuthenticationException">The file exists but is not a valid auth file.</exception>
    public static async Task<AuthFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // Never the parser's message: it can quote the file's content.
            throw new RegistryAuthenticationException($"The auth file {path} is not valid: {Describe(e)}.");
        }
    }

    internal static AuthFile Parse(ReadOnlySpan<byte> json)
    {
        // An empty file is what `touch auth.json` leaves and what the login writer accepts: no entries, not an error.
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new AuthFile(new Dictionary<string, RegistryCredential?>(), new Dictionary<string, string>(), credsStore: null);
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the top level is not a JSON object");
        }

        var auths = new Dictionary<string, RegistryCredential?>(StringComparer.Ordinal);
        if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in authsElement.EnumerateObject())
            {
                var key = RegistryHosts.Normalize(entry.Name);
                var credential = entry.Value.ValueKind == JsonValueKind.Object ? ReadEntry(entry.Value, entry.Name) : null;

                // Two keys can normalise to one (https://index.docker.io/v1/ and docker.io): the first with
                // credentials wins.
                if (!auths.TryGetValue(key, out var existing) || existing is null)
                {
                    auths[key] = credential;
                }
            }
        }

        var helpers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpersElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } helper)
                {
                    helpers.TryAdd(RegistryHosts.Normalize(entry.Name), helper);
                }
            }
        }

        var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
            ? storeElement.GetString()
            : null;
        return new AuthFile(auths, helpers, string.IsNullOrEmpty(store) ? null : store);
    }

    /// <summary>The most specific <c>auths</c> entry with credentials for a repository of a registry.</summary>
    public RegistryCredential? Find(string registry, string? repository)
    {
        foreach (var key in RegistryHosts.LookupKeys(registry, repository))
        {
            if (Auths.TryGetValue(key, out var credential) && credential is not null)
            {
                return credential;
            }
        }

        return null;
    }

    private static RegistryCredential? ReadEntry(JsonElement entry, string key)
    {
        var identityToken = String(entry, "identitytoken");
        var registryToken = String(entry, "registrytoken");
        var username = String(entry, "username");
        var password = String(entry, "password");
        if (String(entry, "auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new FormatException($"the auth entry of {key} is not base64");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"the auth entry of {key} is not of the form user:password");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        if (!string.IsNullOrEmpty(identityToken))
        {
            return RegistryCredential.FromIdentityToken(identityToken, string.IsNullOrEmpty(username) ? null : username);
        }

        if (!string.IsNullOrEmpty(username) && password is not null)
        {
            return RegistryCredential.FromUsernamePassword(username, password);
        }

        return !string.IsNullOrEmpty(registryToken) ? RegistryCredential.FromRegistryToken(registryToken) : null;
    }

    private static string? String(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(Exception e) => e switch
    {
        JsonException json => $"malformed JSON at line {(json.LineNumber ?? 0) + 1}",
        _ => e.Message,
    };
}
