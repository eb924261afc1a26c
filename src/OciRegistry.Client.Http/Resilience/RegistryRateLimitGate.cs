using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// The rate-limit state of one registry, shared by every request to it (all repositories, all handler pipelines
/// the factory builds): until when everything waits after a 429, and how far apart requests go when the registry
/// says few remain. Waits go through a <see cref="TimeProvider"/>, so tests see them without sleeping.
/// </summary>
internal sealed class RegistryRateLimitGate(string registry, RegistryRateLimitOptions options, TimeProvider time, ILogger logger)
{
    // Set on the request that got the 429: its own retry is already held back by the retry handler, which honours
    // the same Retry-After, so the gate does not make it wait a second time.
    private static readonly HttpRequestOptionsKey<DateTimeOffset> HeldUntil = new("OciRegistry.Client.RateLimitHeldUntil");

    private readonly Lock _lock = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private TimeSpan _pace;

    /// <summary>Waits until this request may go: after any 429 hold, and in its slot when requests are being spaced out.</summary>
    public Task WaitAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        TimeSpan delay;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var retriedAfterWait = request.Options.TryGetValue(HeldUntil, out var held) && held >= _blockedUntil;
            var start = _blockedUntil > now && !retriedAfterWait ? _blockedUntil : now;
            if (_pace > TimeSpan.Zero)
            {
                if (_nextSlot > start)
                {
                    start = _nextSlot;
                }

                _nextSlot = start + _pace;
            }

            delay = start - now;
        }

        if (delay > options.MaxWait)
        {
            delay = options.MaxWait;
        }

        return delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Learns from a response: a 429's <c>Retry-After</c> holds every request back; <c>RateLimit-*</c> headers set the spacing.</summary>
    public void Observe(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter.Parse(response, time) is { } wait && wait > TimeSpan.Zero)
        {
            var capped = wait > options.MaxWait ? options.MaxWait : wait;
            lock (_lock)
            {
                var until = time.GetUtcNow() + capped;
                if (until > _blockedUntil)
                {
                    _blockedUntil = until;
                }

                request.Options.Set(HeldUntil, _blockedUntil);
            }

            RegistryLog.RateLimited(logger, registry, capped);
        }

        if (options.RemainingThreshold <= 0 || Header(response, "RateLimit-Remaining") is not { } remaining)
        {
            return;
        }

        TimeSpan pace;
        if (remaining > options.RemainingThreshold)
        {
            pace = TimeSpan.Zero;
        }
        else
        {
            pace = Header(response, "RateLimit-Reset") is { } reset
                ? TimeSpan.FromSeconds((double)reset / (remaining + 1))
                : options.SlowDownDelay;
            if (pace > options.MaxWait)
            {
                pace = options.MaxWait;
            }
        }

        bool changed;
        lock (_lock)
        {
            changed = pace != _pace;
            _pace = pace;
        }

        if (changed && pace > TimeSpan.Zero)
        {
            RegistryLog.RateLimitSlowing(logger, registry, remaining, pace);
        }
    }

    // "76", or Docker Hub's "76;w=21600": the count before any parameters.
    private static long? Header(HttpResponseMessage response, string name)
    {
        if (!response.Headers.TryGetValues(name, out var values))
        {
            return null;
        }

        var value = values.FirstOrDefault();
        var end = value?.IndexOfAny([';', ',']) ?? -1;
        var count = end < 0 ? value : value![..end];
        return long.TryParse(count?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}

/// <summary>The rate-limit gate of every registry the client talks to; a singleton, so every pipeline shares them.</summary>
internal sealed class RegistryRateLimits(IOptions<RegistryRateLimitOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
{
    private readonly ConcurrentDictionary<string, RegistryRateLimitGate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public RegistryRateLimitGate For(string registry) =>
        _gates.GetOrAdd(registry, static (r, self) => new RegistryRateLimitGate(
            r,
            self.Options,
            self.Time,
            self.LoggerFactory.CreateLogger<RegistryRateLimitGate>()), this);

    private RegistryRateLimitOptions Options => options.Value;

    private TimeProvider Time => timeProvider ?? TimeProvider.System;

    private ILoggerFactory LoggerFactory => loggerFactory ?? NullLoggerFactory.Instance;
}

/// <summary>
/// Passes each request of one registry through its <see cref="RegistryRateLimitGate"/>: it sits inside the retries,
/// so every attempt (and every other worker's request to that registry) waits out a 429 and keeps the spacing.
/// </summary>
internal sealed class RegistryRateLimitHandler(RegistryRateLimits limits, string registry) : DelegatingHandler
{
    private readonly RegistryRateLimitGate _gate = limits.For(registry);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _gate.Observe(request, response);
        return response;
    }
}
