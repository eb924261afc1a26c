using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// Edits an auth file in place of <c>login</c>/<c>logout</c>: every key it does not touch is kept, and the new
/// content is written to a temporary file (created <c>0600</c>) in the same directory, flushed, then renamed over
/// the old one, so a reader sees the old file or the new one, never half of one.
/// </summary>
internal static class AuthFileWriter
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>The <c>auths</c> key written for a registry: Docker Hub under docker's legacy URL, other registries as <c>host[:port][/namespace]</c>.</summary>
    public static string KeyFor(string registry)
    {
        var normalized = RegistryHosts.Normalize(registry);
        return normalized == RegistryHosts.DockerHub ? RegistryHosts.DockerHubServerUrl : normalized;
    }

    /// <summary>Reads the file (an empty object when it does not exist), lets <paramref name="edit"/> change it, and writes it back when it says it changed.</summary>
    public static async Task<T> EditAsync<T>(string path, Func<JsonObject, (bool Changed, T Result)> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var root = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        var (changed, result) = edit(root);
        if (changed)
        {
            await WriteAsync(path, root, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The <c>auths</c> object, created when missing.</summary>
    public static JsonObject Auths(JsonObject root)
    {
        if (root["auths"] is JsonObject auths)
        {
            return auths;
        }

        auths = [];
        root["auths"] = auths;
        return auths;
    }

    /// <summary>Removes every <c>auths</c> key that names the same registry or namespace as <paramref name="key"/> (<c>https://r.test/v1/</c> and <c>r.test</c>).</summary>
    /// <returns>Whether a removed entry held credentials.</returns>
    public static bool RemoveEntries(JsonObject auths, string key)
    {
        var normalized = RegistryHosts.Normalize(key);
        var held = false;
        foreach (var name in auths.Select(p => p.Key).Where(k => RegistryHosts.Normalize(k) == normalized).ToList())
        {
            held |= auths[name] is JsonObject entry && HoldsCredentials(entry);
            auths.Remove(name);
        }

        return held;
    }

    /// <summary>The entry written for a credential: <c>auth</c> (base64 <c>user:password</c>), <c>identitytoken</c> or <c>registrytoken</c>.</summary>
    public static JsonObject Entry(RegistryCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.RegistryToken is { } registryToken)
        {
            return new JsonObject { ["registrytoken"] = registryToken };
        }

        if (credential.IdentityToken is { } identityToken)
        {
            var entry = new JsonObject();
            if (!string.IsNullOrEmpty(credential.Username))
            {
                entry["auth"] = Base64($"{credential.Username}:");
            }

            entry["identitytoken"] = identityToken;
            return entry;
        }

        return new JsonObject { ["auth"] = Base64($"{credential.Username}:{credential.Password}") };
    }

    private static bool HoldsCredentials(JsonObject entry) =>
        entry.Any(p => p.Key is "auth" or "password" or "identitytoken" or "registrytoken" && p.Value is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<JsonObject> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new RegistryAuthenticationException($"The auth file {path} is not valid: the top level is not a JSON object; it was left as it is.");
        }
        catch (JsonException e)
        {
            // Never the parser's message: it can quote the file's content.
            throw new RegistryAuthenticationException($"The auth file {path} is not valid: malformed JSON at line {(e.LineNumber ?? 0) + 1}; it was left as it is.");
        }
    }

    private static async Task WriteAsync(string path, JsonObject root, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new RegistryAuthenticationException($"The auth file {path} has no directory.");
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new Utf8JsonWriter(stream, Indented);
                await using (writer.ConfigureAwait(false))
                {
                    root.WriteTo(writer);
                }

                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
