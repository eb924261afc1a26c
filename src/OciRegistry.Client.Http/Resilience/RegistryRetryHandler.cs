using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// Retries requests that can safely be sent again — no body, or a body held in memory — on network errors and on
/// 408, 429, 500, 502, 503 and 504, with exponential backoff and jitter, waiting as long as a <c>Retry-After</c> asks
/// (both forms), capped. A streaming body is never retried here: the copy engine retries whole blobs.
/// </summary>
internal sealed class RegistryRetryHandler : DelegatingHandler
{
    /// <summary>
    /// Set to <see langword="false"/> on a request whose network errors must surface at once: the https probe of an
    /// insecure registry, where a failed TLS handshake means "speaks plain http", not "try again".
    /// </summary>
    internal static readonly HttpRequestOptionsKey<bool> RetryNetworkErrors = new("OciRegistry.Client.RetryNetworkErrors");

    private static readonly ResiliencePropertyKey<bool> NoNetworkRetries = new("OciRegistry.Client.NoNetworkRetries");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly string _registry;
    private readonly TimeSpan? _attemptTimeout;

    public RegistryRetryHandler(
        OciRegistryClientOptions options,
        string registry,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        var settings = options.RetryFor(registry);
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? (ILogger)NullLogger.Instance;
        _registry = registry;
        _attemptTimeout = settings.AttemptTimeout;
        _pipeline = settings.MaxRetries <= 0 && settings.AttemptTimeout is null
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
                .AddRetryUnlessOff(settings.MaxRetries, new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.BaseDelay,
                    MaxDelay = settings.MaxDelay,
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => !args.Context.Properties.TryGetValue(NoNetworkRetries, out var no) || !no,
                        { Result: { } response } => IsTransient(response.StatusCode),
                        _ => false,
                    }),
                    DelayGenerator = args =>
                    {
                        var wait = args.Outcome.Result is { } response ? RetryAfter.Parse(response, time) : null;
                        return ValueTask.FromResult(wait is { } w ? (TimeSpan?)(w > settings.MaxDelay ? settings.MaxDelay : w) : null);
                    },
                    OnRetry = args =>
                    {
                        var outcome = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "error";
                        RegistryLog.Retrying(log, registry, args.AttemptNumber + 1, outcome, args.RetryDelay.TotalMilliseconds);
                        Diagnostics.RegistryTelemetry.CountRetry(registry, outcome);
                        args.Outcome.Result?.Dispose();
                        return ValueTask.CompletedTask;
                    },
                })
                .AddAttemptTimeout(settings.AttemptTimeout)
                .Build();
    }

    internal static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    internal static bool IsReplayable(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsReplayable(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            if (request.Options.TryGetValue(RetryNetworkErrors, out var retry) && !retry)
            {
                context.Properties.Set(NoNetworkRetries, true);
            }

            return await _pipeline.ExecuteAsync(
                static async (context, state) => await state.Handler.SendCoreAsync(state.Request, context.CancellationToken).ConfigureAwait(false),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw RegistryResilience.AttemptTimedOut(_registry, request, _attemptTimeout, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
