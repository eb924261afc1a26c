using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.TokenServer;

/// <summary>
/// A Docker token server on a free 127.0.0.1 port (Kestrel, in this process) for a registry started with
/// <see cref="RegistryOptions.TokenAuth"/> = <see cref="TokenAuth"/>. <c>GET /token?service=&amp;scope=&amp;account=</c>
/// with Basic credentials (or none: anonymous), and the OAuth2 POST form (<c>grant_type=password</c> with
/// <c>username</c>/<c>password</c>, or <c>refresh_token</c>; <c>client_id</c> required), answer
/// <c>{token, access_token, expires_in, issued_at, refresh_token}</c>. A token grants the intersection of the
/// actions asked and those the account's <see cref="TokenGrant"/>s allow, so a pull-only account's push is denied by
/// the registry. Every request is recorded for assertions (<see cref="Requests"/>, <see cref="RequestsFor"/>).
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    private readonly TokenServerOptions _options;
    private readonly TokenSigner _signer = new();
    private readonly Dictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<TokenRequestRecord> _requests = [];
    private readonly Lock _lock = new();
    private readonly string _directory;
    private WebApplication? _app;

    private TokenServer(TokenServerOptions options)
    {
        _options = options;
        _directory = Directory.CreateTempSubdirectory("ocireg-tokens-").FullName;
        RootCertificateBundlePath = Path.Combine(_directory, "token-signer.pem");
        File.WriteAllText(RootCertificateBundlePath, _signer.CertificatePem);
    }

    /// <summary>The token endpoint, <c>http://127.0.0.1:PORT/token</c>.</summary>
    public Uri Realm { get; private set; } = null!;

    public string Service => _options.Service;

    public string Issuer => _options.Issuer;

    /// <summary>The PEM file of the signing certificate, the registry's <c>rootcertbundle</c>.</summary>
    public string RootCertificateBundlePath { get; }

    /// <summary>The registry settings that make it trust this server.</summary>
    public TokenAuthOptions TokenAuth => new(Realm, Service, Issuer, RootCertificateBundlePath);

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<TokenRequestRecord> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<TokenServer> StartAsync(TokenServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new TokenServer(options);
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            server._app = app;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Realm = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/token");
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The token requests (refused ones too) with a scope naming <paramref name="repository"/>.</summary>
    public int RequestsFor(string repository) => Requests.Count(r => r.Names(repository));

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _signer.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != "/token")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            await AnswerGetAsync(context).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(request.Method) && _options.SupportsOAuth2 && request.HasFormContentType)
        {
            await AnswerPostAsync(context).ConfigureAwait(false);
        }
        else
        {
            Record(request.Method, "unsupported", null, [], [], StatusCodes.Status404NotFound);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task AnswerGetAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var scopes = query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        TokenAccount? account = null;
        var grantType = "anonymous";
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            grantType = "basic";
            account = Authenticate(authorization);
            if (account is null)
            {
                await RefuseAsync(context, "GET", grantType, scopes, StatusCodes.Status401Unauthorized, "invalid username or password").ConfigureAwait(false);
                return;
            }
        }

        if (!IsOurService(query["service"]))
        {
            await RefuseAsync(context, "GET", grantType, scopes, StatusCodes.Status400BadRequest, "unknown service").ConfigureAwait(false);
            return;
        }

        var refresh = account is not null && string.Equals(query["offline_token"], "true", StringComparison.OrdinalIgnoreCase)
            ? NewRefreshToken(account)
            : null;
        await IssueAsync(context, "GET", grantType, account, scopes, refresh).ConfigureAwait(false);
    }

    private async Task AnswerPostAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var grantType = form["grant_type"].ToString();
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (string.IsNullOrEmpty(form["client_id"]))
        {
            await RefuseAsync(context, "POST", grantType, scopes, StatusCodes.Status400BadRequest, "missing client_id").ConfigureAwait(false);
            return;
        }

        if (!IsOurService(form["service"]))
        {
            await RefuseAsync(context, "POST", grantType, scopes, StatusCodes.Status400BadRequest, "unknown service").ConfigureAwait(false);
            return;
        }

        TokenAccount? account;
        string refresh;
        switch (grantType)
        {
            case "password":
                account = _options.Accounts.FirstOrDefault(a => a.Name == form["username"].ToString() && FixedEquals(a.Password, form["password"].ToString()));
                refresh = account is null ? string.Empty : NewRefreshToken(account);
                break;
            case "refresh_token":
                refresh = form["refresh_token"].ToString();
                lock (_lock)
                {
                    account = _refreshTokens.TryGetValue(refresh, out var name) ? _options.Accounts.FirstOrDefault(a => a.Name == name) : null;
                }

                break;
            default:
                await RefuseAsync(context, "POST", grantType, scopes, StatusCodes.Status400BadRequest, "unsupported grant_type").ConfigureAwait(false);
                return;
        }

        if (account is null)
        {
            await RefuseAsync(context, "POST", grantType, scopes, StatusCodes.Status401Unauthorized, "invalid credentials").ConfigureAwait(false);
            return;
        }

        await IssueAsync(context, "POST", grantType, account, scopes, refresh).ConfigureAwait(false);
    }

    private async Task IssueAsync(HttpContext context, string method, string grantType, TokenAccount? account, IReadOnlyList<string> scopes, string? refreshToken)
    {
        var access = new List<(string Type, string Name, IReadOnlyList<string> Actions)>();
        foreach (var scope in scopes)
        {
            // type:name:actions, where the name can hold a host:port, so the actions follow the last colon.
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last <= first)
            {
                continue;
            }

            var type = scope[..first];
            var name = scope[(first + 1)..last];
            var asked = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (type != "repository")
            {
                continue;
            }

            var allowed = account?.Allowed(name, asked)
                ?? asked.Where(a => _options.AnonymousGrants.Any(g => g.Matches(name) && (g.Actions.Contains(a) || g.Actions.Contains("*")))).Distinct().ToList();
            if (allowed.Count > 0)
            {
                access.Add((type, name, allowed));
            }
        }

        var now = DateTimeOffset.UtcNow;
        var lifetime = _options.ExpiresIn;
        var token = _signer.Sign(_options.Issuer, account?.Name, _options.Service, now, lifetime, access);
        Record(method, grantType, account?.Name, scopes, [.. access.Select(a => $"{a.Type}:{a.Name}:{string.Join(',', a.Actions)}")], StatusCodes.Status200OK);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", (long)lifetime.TotalSeconds);
            writer.WriteString("issued_at", now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (refreshToken is not null)
            {
                writer.WriteString("refresh_token", refreshToken);
            }

            writer.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task RefuseAsync(HttpContext context, string method, string grantType, IReadOnlyList<string> scopes, int status, string message)
    {
        Record(method, grantType, null, scopes, [], status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = $$"""{"errors":[{"code":"UNAUTHORIZED","message":"{{message}}"}]}""";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted).ConfigureAwait(false);
    }

    private TokenAccount? Authenticate(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var name = decoded[..colon];
        var password = decoded[(colon + 1)..];
        return _options.Accounts.FirstOrDefault(a => a.Name == name && FixedEquals(a.Password, password));
    }

    private bool IsOurService(string? service) => string.IsNullOrEmpty(service) || service == _options.Service;

    private string NewRefreshToken(TokenAccount account)
    {
        var token = "refresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_lock)
        {
            _refreshTokens[token] = account.Name;
        }

        return token;
    }

    private void Record(string method, string grantType, string? account, IReadOnlyList<string> scopes, IReadOnlyList<string> granted, int status)
    {
        lock (_lock)
        {
            _requests.Add(new TokenRequestRecord(method, grantType, account, scopes, granted, status));
        }
    }

    private static bool FixedEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
