using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.Auth.Tokens;

/// <summary>Sends one HTTP request (the handler pipeline below the authentication handler).</summary>
internal delegate Task<HttpResponseMessage> HttpSender(HttpRequestMessage request, CancellationToken cancellationToken);

/// <summary>
/// Gets bearer tokens as the Docker token protocol describes. With an identity or refresh token (or when the
/// OAuth2 password grant is asked for) it POSTs an OAuth2 form (<c>grant_type</c>, <c>client_id</c>,
/// <c>service</c>, space-joined <c>scope</c>) and falls back to GET when the server answers 404; otherwise it GETs
/// <c>realm?service=…&amp;scope=…&amp;scope=…&amp;account=…</c> with Basic credentials when there are any. It
/// accepts <c>token</c> or <c>access_token</c>, takes <c>expires_in</c> as at least 60 s (the default), honours
/// <c>issued_at</c> and keeps a returned <c>refresh_token</c>. Answers larger than
/// <see cref="MaxResponseSize"/> are refused. Every failure names the token server and the registry: one that
/// cannot be reached, that stays silent past the registry's timeouts (the pipeline below bounds the wait for headers
/// and for each byte of the answer), or that does not answer within the fetch's deadline (the token it is given).
/// </summary>
internal sealed class TokenClient(string clientId, bool usePasswordGrant, TimeProvider timeProvider)
{
    public const int MaxResponseSize = 1024 * 1024;

    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(60);

    /// <param name="send">Sends a request through the pipeline below the authentication handler.</param>
    /// <param name="request">What to ask the token server for.</param>
    /// <param name="cancellationToken">The deadline of the whole fetch (<c>TokenRequestTimeout</c>).</param>
    public async Task<RegistryToken> FetchAsync(HttpSender send, TokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await FetchCoreAsync(send, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new RegistryAuthenticationException(
                $"The token server {request.Realm.Authority} of registry {request.Registry} did not give a token within the token request timeout (TokenRequestTimeout).",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, null),
                new TimeoutException(e.Message, e));
        }
    }

    private async Task<RegistryToken> FetchCoreAsync(HttpSender send, TokenRequest request, CancellationToken cancellationToken)
    {
        var refresh = request.RefreshToken ?? request.Credential?.IdentityToken;
        var usePost = refresh is not null || (usePasswordGrant && request.Credential is { IsUsernamePassword: true });
        using var activity = Diagnostics.AuthTelemetry.StartTokenFetch(request, usePost);
        if (usePost)
        {
            using var post = CreatePost(request, refresh);
            var response = await SendAsync(send, post, request, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    return await ReadAsync(response, request, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        using var get = CreateGet(request);
        using var answer = await SendAsync(send, get, request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(answer, request, cancellationToken).ConfigureAwait(false);
    }

    internal static Uri BuildGetUri(TokenRequest request)
    {
        var query = new StringBuilder();
        if (!string.IsNullOrEmpty(request.Service))
        {
            Append(query, "service", request.Service);
        }

        foreach (var scope in request.Scopes)
        {
            Append(query, "scope", scope.ToString());
        }

        if (request.Credential is { IsUsernamePassword: true, Username: { Length: > 0 } account })
        {
            Append(query, "account", account);
        }

        if (query.Length == 0)
        {
            return request.Realm;
        }

        var builder = new UriBuilder(request.Realm);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query.ToString() : existing + "&" + query;
        return builder.Uri;
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static HttpRequestMessage CreateGet(TokenRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, BuildGetUri(request));
        if (request.Credential is { IsUsernamePassword: true } credential)
        {
            message.Headers.Authorization = BasicHeader(credential);
        }

        return message;
    }

    private HttpRequestMessage CreatePost(TokenRequest request, string? refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>();
        if (refreshToken is not null)
        {
            form.Add(new("grant_type", "refresh_token"));
            form.Add(new("refresh_token", refreshToken));
        }
        else
        {
            form.Add(new("grant_type", "password"));
            form.Add(new("username", request.Credential!.Username ?? string.Empty));
            form.Add(new("password", request.Credential.Password!));
        }

        form.Add(new("client_id", clientId));
        if (!string.IsNullOrEmpty(request.Service))
        {
            form.Add(new("service", request.Service));
        }

        if (request.Scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', request.Scopes)));
        }

        return new HttpRequestMessage(HttpMethod.Post, request.Realm) { Content = new FormUrlEncodedContent(form) };
    }

    internal static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static async Task<HttpResponseMessage> SendAsync(HttpSender send, HttpRequestMessage message, TokenRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await send(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryAuthenticationException(
                e.InnerException is TimeoutException
                    ? $"The token server {request.Realm.Authority} of registry {request.Registry} did not answer: {e.Message}"
                    : $"The token server {request.Realm.Authority} of registry {request.Registry} could not be reached: {e.Message}",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, null),
                e);
        }
    }

    private async Task<RegistryToken> ReadAsync(HttpResponseMessage response, TokenRequest request, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? request.Credential is null ? " No credentials were found for it; log in or pass credentials." : " Check the credentials."
                : string.Empty;
            throw new RegistryAuthenticationException(
                $"The token server {request.Realm.Authority} of registry {request.Registry} refused a token for '{string.Join(' ', request.Scopes)}' ({(int)response.StatusCode} {response.ReasonPhrase}).{hint}",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, response.StatusCode));
        }

        var body = await ReadBodyAsync(response, request, cancellationToken).ConfigureAwait(false);
        string? token;
        double? expiresIn;
        string? issuedAtText;
        string? refreshToken;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(request, "not a JSON object");
            }

            token = String(root, "token") ?? String(root, "access_token");
            expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var seconds) ? seconds : null;
            issuedAtText = String(root, "issued_at");
            refreshToken = String(root, "refresh_token");
        }
        catch (JsonException)
        {
            throw Malformed(request, "not JSON");
        }

        if (string.IsNullOrEmpty(token))
        {
            throw Malformed(request, "neither 'token' nor 'access_token' is set");
        }

        var now = timeProvider.GetUtcNow();
        var lifetime = expiresIn is { } value && value > MinimumLifetime.TotalSeconds && value < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(value)
            : MinimumLifetime;
        DateTimeOffset? issuedAt = DateTimeOffset.TryParse(issuedAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var issued)
            ? issued
            : null;

        // A token issued a while ago (a server that hands out cached tokens) has less time left; an issued_at in
        // the future or older than the lifetime is clock skew, and local time is trusted instead.
        var age = issuedAt is { } at && at <= now && now - at < lifetime ? now - at : TimeSpan.Zero;
        return new RegistryToken(token, now, now + lifetime - age, issuedAt, string.IsNullOrEmpty(refreshToken) ? null : refreshToken);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, TokenRequest request, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxResponseSize)
        {
            throw TooLarge(request);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxResponseSize)
                    {
                        throw TooLarge(request);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (IOException e)
        {
            throw new RegistryAuthenticationException(
                $"The token server {request.Realm.Authority} of registry {request.Registry} did not send its whole answer: {e.Message}",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, response.StatusCode),
                e);
        }
    }

    private static RegistryAuthenticationException TooLarge(TokenRequest request) => new(
        $"The token server {request.Realm.Authority} of registry {request.Registry} sent an answer larger than {MaxResponseSize / 1024} KiB; it was refused.",
        new RegistryErrorDetails(RegistryOperation.Authenticate, null, null));

    private static RegistryAuthenticationException Malformed(TokenRequest request, string what) => new(
        $"The token server {request.Realm.Authority} of registry {request.Registry} sent an answer that is not a token response: {what}.",
        new RegistryErrorDetails(RegistryOperation.Authenticate, null, null));

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
