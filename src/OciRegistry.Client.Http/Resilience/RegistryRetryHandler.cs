using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Resilience;
using Polly;
using Polly.Retry;

namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// Retries requests that can safely be sent again (<see cref="TransientFailures.CanResend"/>) on the failures
/// <see cref="TransientFailures"/> calls transient, with exponential backoff and jitter, waiting as long as a
/// <c>Retry-After</c> asks (both forms), capped. It is the retry owner of a request only when no operation owns the
/// retries: inside an <see cref="OperationRetryScope"/> (each blob the copy engine copies) a request is sent once and
/// the operation retries as a whole. A streaming body is never retried here.
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

    public RegistryRetryHandler(
        OciRegistryClientOptions options,
        string registry,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        var settings = options.RetryFor(registry);
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? (ILogger)NullLogger.Instance;
        _pipeline = settings.MaxRetries <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.BaseDelay,
                    MaxDelay = settings.MaxDelay,
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: not null } when args.Context.Properties.TryGetValue(NoNetworkRetries, out var no) && no => false,
                        { Exception: { } e } => TransientFailures.IsTransient(e, args.Context.CancellationToken),
                        { Result: { } response } => TransientFailures.IsTransient(response.StatusCode),
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
                .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (OperationRetryScope.IsActive || !TransientFailures.CanResend(request))
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
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
