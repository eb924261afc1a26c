using System.Net;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Http.Serialization;

namespace OciRegistry.Client.Http.Errors;

/// <summary>Turns a registry's failure response into the matching <see cref="OciRegistryException"/>.</summary>
internal static class RegistryResponseErrors
{
    /// <summary>Error bodies are read up to this size; a registry or proxy could send anything.</summary>
    internal const int MaxErrorBodySize = 64 * 1024;

    public static async Task<OciRegistryException> CreateAsync(
        HttpResponseMessage response,
        RegistryOperation operation,
        string? repository,
        string subject,
        CancellationToken cancellationToken)
    {
        var (errors, text) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        var details = new RegistryErrorDetails(operation, repository, status, errors);
        var first = errors.Count > 0 ? errors[0] : null;
        var said = first is not null
            ? $" ({string.Join(", ", errors.Select(e => e.Code.Value).Distinct(StringComparer.Ordinal))}): {string.Join("; ", errors.Select(RegistryText))}"
            : !string.IsNullOrWhiteSpace(text) ? $" ({text})"
            : response.RequestMessage?.Method == HttpMethod.Head ? string.Empty // a HEAD answer has no body to explain itself in
            : " (no error details)";
        if (first is null && status == HttpStatusCode.Unauthorized)
        {
            // A 401 whose body says nothing (always so for a HEAD) is described as Docker's and containers' clients
            // describe it, with the words scripts search for.
            said = (said == " (no error details)" ? string.Empty : said) + ": unauthorized: authentication required";
        }

        var where = repository is null ? subject : string.IsNullOrEmpty(subject) ? repository : $"{subject} in {repository}";
        var answered = $"the registry answered {(int)status} {response.ReasonPhrase ?? status.ToString()}{said}";

        if (first?.Code == RegistryErrorCode.ManifestUnknown
            || (status == HttpStatusCode.NotFound && first is null && operation is RegistryOperation.FetchManifest or RegistryOperation.ResolveManifest or RegistryOperation.DeleteManifest))
        {
            return new ManifestNotFoundException($"Manifest {where} was not found: {answered}.", details);
        }

        if (first?.Code == RegistryErrorCode.BlobUnknown
            || (status == HttpStatusCode.NotFound && first is null && operation is RegistryOperation.FetchBlob or RegistryOperation.DeleteBlob))
        {
            return new BlobNotFoundException($"Blob {where} was not found: {answered}.", details);
        }

        if (first?.Code == RegistryErrorCode.NameUnknown
            || (status == HttpStatusCode.NotFound && first is null && operation is RegistryOperation.ListTags))
        {
            return new RepositoryNotFoundException($"Repository {repository ?? subject} was not found: {answered}.", details);
        }

        if (status == HttpStatusCode.TooManyRequests || first?.Code == RegistryErrorCode.TooManyRequests)
        {
            var retryAfter = RetryAfter.Parse(response, TimeProvider.System);
            return new TooManyRequestsException(
                $"{Describe(operation)} {where} was rate limited: {answered}{(retryAfter is { } r ? $"; retry after {r.TotalSeconds:0.#} s" : string.Empty)}.",
                details,
                retryAfter);
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            || first?.Code == RegistryErrorCode.Unauthorized || first?.Code == RegistryErrorCode.Denied)
        {
            // A 401 with error="insufficient_scope" after the auth handler already asked for every scope the
            // request needs: the credentials are known and do not grant it (Distribution answers UNAUTHORIZED here).
            var insufficientScope = IsInsufficientScope(response);
            return insufficientScope || first?.Code == RegistryErrorCode.Denied
                ? new RegistryAuthenticationException(
                    $"{Describe(operation)} {where} was denied: the credentials in use do not grant the access it needs{(insufficientScope ? " (insufficient_scope)" : string.Empty)}; {answered}.", details)
                : new RegistryAuthenticationException(
                    $"{Describe(operation)} {where} was refused for lack of credentials or permission: {answered}.", details);
        }

        if (operation is RegistryOperation.DeleteManifest or RegistryOperation.DeleteBlob
            && (status == HttpStatusCode.MethodNotAllowed || first?.Code == RegistryErrorCode.Unsupported))
        {
            return new OciRegistryException(
                $"Deletion is disabled on this registry: deleting {where} was refused ({answered}).", details);
        }

        return new OciRegistryException($"{Describe(operation)} {where} failed: {answered}.", details);
    }

    // The registry's words as Docker's and containers' clients print them (code in lower case with spaces, then the
    // message: "manifest unknown: manifest unknown", "unauthorized: authentication required"); scripts search for them.
    private static string RegistryText(RegistryError error)
    {
        var code = error.Code.Value.ToLowerInvariant().Replace('_', ' ');
        return string.IsNullOrEmpty(error.Message) ? code : $"{code}: {error.Message}";
    }

    private static bool IsInsufficientScope(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        && response.Headers.WwwAuthenticate.Any(h => h.Parameter?.Contains("insufficient_scope", StringComparison.OrdinalIgnoreCase) == true);

    private static string Describe(RegistryOperation operation) => operation switch
    {
        RegistryOperation.Ping => "Pinging",
        RegistryOperation.ResolveManifest => "Resolving manifest",
        RegistryOperation.FetchManifest => "Fetching manifest",
        RegistryOperation.PushManifest => "Pushing manifest",
        RegistryOperation.DeleteManifest => "Deleting manifest",
        RegistryOperation.FetchBlob => "Fetching blob",
        RegistryOperation.BlobExists => "Checking blob",
        RegistryOperation.PushBlob => "Uploading blob",
        RegistryOperation.MountBlob => "Mounting blob",
        RegistryOperation.DeleteBlob => "Deleting blob",
        RegistryOperation.ListTags => "Listing tags of",
        RegistryOperation.ListCatalog => "Listing the catalog of",
        RegistryOperation.ListReferrers => "Listing referrers of",
        RegistryOperation.Authenticate => "Authenticating for",
        _ => "Request for",
    };

    // Reads at most MaxErrorBodySize bytes; returns the parsed errors, or the text (one line, trimmed) when the
    // body is not the spec's JSON.
    private static async Task<(IReadOnlyList<RegistryError> Errors, string Text)> ReadBodyAsync(
        HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] buffer;
        int length;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var streamScope = stream.ConfigureAwait(false);
            buffer = new byte[MaxErrorBodySize];
            length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return ([], string.Empty);
        }
        catch (IOException)
        {
            return ([], string.Empty);
        }

        var body = buffer.AsSpan(0, length);
        try
        {
            var parsed = JsonSerializer.Deserialize(body, HttpJsonContext.Default.RegistryErrorBody);
            if (parsed?.Errors is { Count: > 0 } entries)
            {
                return (entries
                    .Where(e => !string.IsNullOrEmpty(e.Code))
                    .Select(e => new RegistryError(new RegistryErrorCode(e.Code!), e.Message, e.Detail?.GetRawText()))
                    .ToList(), string.Empty);
            }
        }
        catch (JsonException)
        {
            // Not the spec's JSON (an HTML error page, a proxy's text): reported as text below.
        }

        var text = Encoding.UTF8.GetString(body).ReplaceLineEndings(" ").Trim();
        return ([], text.Length > 200 ? text[..200] + "…" : text);
    }
}
