using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Diagnostics;
using OciRegistry.Client.Http.Errors;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// Everything the client knows about one registry for its lifetime: which scheme and host answer the API (found by
/// one ping), the named <see cref="HttpClient"/> to send with, and how to turn failures into exceptions. Shared by
/// all repositories of that registry.
/// </summary>
internal sealed class RegistryConnection
{
    private readonly IHttpClientFactory _clients;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _warningsSeen = new(StringComparer.Ordinal);
    private readonly Lock _pingLock = new();
    private Task<Uri>? _ping;

    public RegistryConnection(string registry, string apiHost, RegistryHostOptions settings, OciRegistryClientOptions options, IHttpClientFactory clients, ILogger logger)
    {
        Registry = registry;
        ApiHost = apiHost;
        Settings = settings;
        Options = options;
        _clients = clients;
        _logger = logger;
    }

    /// <summary>Gets the registry as written in references, for example <c>docker.io</c>.</summary>
    public string Registry { get; }

    /// <summary>Gets the host (and port) that serves the API, for example <c>registry-1.docker.io</c>.</summary>
    public string ApiHost { get; }

    public RegistryHostOptions Settings { get; }

    public OciRegistryClientOptions Options { get; }

    /// <summary>Gets or sets the pull budget announced on the latest manifest GET, if any.</summary>
    public RegistryPullBudget? PullBudget { get; set; }

    public HttpClient CreateClient() => _clients.CreateClient(RegistryHttpClientNames.ForRegistry(Registry));

    public HttpClient CreateStorageClient() => _clients.CreateClient(RegistryHttpClientNames.Storage);

    /// <summary>
    /// Returns the API's base address (<c>https://host/</c>, or <c>http://host/</c> for an insecure registry that
    /// does not speak TLS), pinging <c>/v2/</c> the first time. A failed ping is forgotten, so the next call tries again.
    /// </summary>
    public Task<Uri> GetBaseAddressAsync(CancellationToken cancellationToken)
    {
        lock (_pingLock)
        {
            if (_ping is null || _ping.IsFaulted || _ping.IsCanceled)
            {
                // The ping runs on its own token: several callers share it, and one caller's cancellation must not
                // fail the others.
                _ping = PingCoreAsync();
            }

            return _ping.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Sends a request to the registry and returns its response, whatever its status.</summary>
    /// <param name="request">The request.</param>
    /// <param name="completion">When the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="scopes">
    /// Every authorization scope the whole operation needs, the same on each of its requests, so that one token
    /// serves them all; <see langword="null"/> lets the authentication handler infer the scope from the request.
    /// </param>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        IReadOnlyList<RegistryAuthScope>? scopes = null)
    {
        if (scopes is not null)
        {
            request.Options.Set(RegistryAuthRequestOptions.Scopes, scopes);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        using var client = CreateClient();
        using var activity = RegistryTelemetry.StartRequest(Registry, request);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RegistryTelemetry.StopRequest(activity, Registry, request, started, null, e);
            throw;
        }

        RegistryTelemetry.StopRequest(activity, Registry, request, started, response, null);
        RegistryLog.Request(_logger, request.Method.Method, Registry, request.RequestUri?.AbsolutePath ?? string.Empty, (int)response.StatusCode);
        LogWarnings(response);
        return response;
    }

    /// <summary>Builds an absolute URI under the API's base address from a path that is already escaped.</summary>
    public async Task<Uri> ResolveAsync(string relativePathAndQuery, CancellationToken cancellationToken)
    {
        var baseAddress = await GetBaseAddressAsync(cancellationToken).ConfigureAwait(false);
        return new Uri(baseAddress, relativePathAndQuery);
    }

    /// <summary>Returns the exception that matches a failed response, for the caller to throw; disposes the response.</summary>
    public static async Task<Exception> FailAsync(
        HttpResponseMessage response, RegistryOperation operation, string? repository, string subject, CancellationToken cancellationToken)
    {
        using (response)
        {
            return await RegistryResponseErrors.CreateAsync(response, operation, repository, subject, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Uri> PingCoreAsync()
    {
        var secure = new Uri($"https://{ApiHost}/");
        if (Settings.Insecure && await PlainHttpSniffer.ServesPlainHttpAsync(secure).ConfigureAwait(false))
        {
            return await PingAsync(new Uri($"http://{ApiHost}/"), retryNetworkErrors: true).ConfigureAwait(false);
        }

        try
        {
            // For an insecure registry a TLS failure means "try http", so it is not retried first.
            return await PingAsync(secure, retryNetworkErrors: !Settings.Insecure).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (Settings.Insecure && e.StatusCode is null)
        {
            RegistryLog.FellBackToHttp(_logger, Registry, e);
            return await PingAsync(new Uri($"http://{ApiHost}/"), retryNetworkErrors: true).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new HttpRequestException(
                e.HttpRequestError,
                $"Registry {Registry} could not be reached at {secure}v2/: {e.Message} If it serves plain HTTP or a certificate not trusted "
                + "here, mark it Insecure, or give the directory of its CA certificate as CertificateDirectory.",
                e);
        }
    }

    private async Task<Uri> PingAsync(Uri baseAddress, bool retryNetworkErrors)
    {
        using var timeout = new CancellationTokenSource(Options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "v2/"));
        request.Options.Set(Resilience.RegistryRetryHandler.RetryNetworkErrors, retryNetworkErrors);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new HttpRequestException($"Registry {Registry} did not answer {baseAddress}v2/ within {Options.RequestTimeout.TotalSeconds:0} s.", e);
        }

        // 401 also proves a distribution API: the credentials come with the next requests.
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            RegistryLog.Pinged(_logger, Registry, baseAddress.ToString());
            return baseAddress;
        }

        throw await FailAsync(response, RegistryOperation.Ping, null, $"{baseAddress}v2/", CancellationToken.None).ConfigureAwait(false);
    }

    private void LogWarnings(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Warning", out var warnings))
        {
            return;
        }

        foreach (var warning in warnings)
        {
            // Bounded, so a registry that varies its warnings cannot grow this set without end.
            if (_warningsSeen.Count < 100 && _warningsSeen.TryAdd(warning, 0))
            {
                RegistryLog.RegistryWarning(_logger, Registry, warning);
            }
        }
    }

    /// <summary>Adds the Accept header listing every manifest type the client reads.</summary>
    public static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in Models.MediaTypes.AcceptedManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
    }
}
