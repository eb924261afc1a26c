using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// The pieces of a registry's Polly pipeline that per-registry settings switch on or off: the retry (off with
/// <c>MaxRetries = 0</c>) and the timeout of each attempt (inside the retry, so a timed-out attempt is retried).
/// </summary>
internal static class RegistryResilience
{
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddRetryUnlessOff(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, int maxRetries, RetryStrategyOptions<HttpResponseMessage> options) =>
        maxRetries <= 0 ? builder : builder.AddRetry(options);

    public static ResiliencePipelineBuilder<HttpResponseMessage> AddAttemptTimeout(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, TimeSpan? timeout) =>
        timeout is { } t ? builder.AddTimeout(t) : builder;

    /// <summary>The error for a request whose last attempt timed out: a network-level failure the copy engine treats as transient.</summary>
    public static HttpRequestException AttemptTimedOut(string registry, HttpRequestMessage request, TimeSpan? timeout, TimeoutRejectedException inner) =>
        new(
            HttpRequestError.Unknown,
            $"Registry {(registry.Length == 0 ? request.RequestUri?.Host : registry)} did not answer {request.Method} {request.RequestUri?.AbsolutePath} "
            + $"within the attempt timeout of {timeout?.TotalSeconds:0.###} s.",
            inner);
}
