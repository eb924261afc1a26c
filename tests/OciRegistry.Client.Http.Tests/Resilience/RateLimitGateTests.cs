using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http.Resilience;

namespace OciRegistry.Client.Http.Tests.Resilience;

public sealed class RateLimitGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ScriptedRegistry WithClock(ScriptedHandler handler, RecordingTimeProvider clock, Action<RegistryRateLimitOptions>? limits = null) =>
        new(handler, o => o.Retry.MaxRetries = 0, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            if (limits is not null)
            {
                services.Configure(limits);
            }
        });

    private static Func<RecordedRequest, HttpResponseMessage> Manifest(params (string Name, string Value)[] headers) => _ =>
    {
        var response = ScriptedManifest.Response();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    };

    [Fact]
    public async Task A_429_with_retry_after_holds_back_every_request_to_that_registry_not_only_the_one_that_got_it()
    {
        var clock = new RecordingTimeProvider(Now);
        var limited = 0;
        using var registry = WithClock(
            new ScriptedHandler().WithPing()
                .On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ => Interlocked.Increment(ref limited) == 1
                    ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(30)) } }
                    : ScriptedManifest.Response())
                .On(HttpMethod.Get, "/v2/team/other/manifests/v1", Manifest()),
            clock);
        await Assert.ThrowsAsync<TooManyRequestsException>(() => registry.Repository("team/app").FetchManifestAsync("v1"));
        clock.RequestedDelays.Clear();

        // Another worker, another repository of the same registry: it waits out the registry's Retry-After first.
        await registry.Repository("team/other").FetchManifestAsync("v1");

        Assert.Contains(TimeSpan.FromSeconds(30), clock.RequestedDelays);
    }

    [Fact]
    public async Task A_429_on_one_registry_does_not_hold_back_another()
    {
        var clock = new RecordingTimeProvider(Now);
        using var registry = WithClock(
            new ScriptedHandler().WithPing()
                .On(r => r.RequestUri!.Host == "registry.test" && r.RequestUri.AbsolutePath == "/v2/team/app/manifests/v1",
                    _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(30)) } })
                .On(HttpMethod.Get, "/v2/team/app/manifests/v1", Manifest()),
            clock);
        await Assert.ThrowsAsync<TooManyRequestsException>(() => registry.Repository("team/app").FetchManifestAsync("v1"));
        clock.RequestedDelays.Clear();

        await registry.Client.GetRepository("other.test/team/app").FetchManifestAsync("v1");

        Assert.DoesNotContain(TimeSpan.FromSeconds(30), clock.RequestedDelays);
    }

    [Fact]
    public async Task Few_remaining_requests_space_the_next_ones_over_the_time_to_the_reset()
    {
        var clock = new RecordingTimeProvider(Now);
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", Manifest(("RateLimit-Remaining", "2;w=60"), ("RateLimit-Reset", "30"))),
            clock);
        await registry.Repository().FetchManifestAsync("v1");
        clock.RequestedDelays.Clear();

        for (var i = 0; i < 3; i++)
        {
            await registry.Repository().FetchManifestAsync("v1");
        }

        // 30 s to the reset over 2 remaining (+1): one request every 10 s. The clock stands still, so the slots show
        // as growing waits: the first goes at once, the next in 10 s, the one after in 20 s.
        Assert.Contains(TimeSpan.FromSeconds(10), clock.RequestedDelays);
        Assert.Contains(TimeSpan.FromSeconds(20), clock.RequestedDelays);
    }

    [Fact]
    public async Task Without_a_reset_the_configured_delay_spaces_requests_under_the_configured_threshold()
    {
        var clock = new RecordingTimeProvider(Now);
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", Manifest(("RateLimit-Remaining", "40"))),
            clock,
            o =>
            {
                o.RemainingThreshold = 50;
                o.SlowDownDelay = TimeSpan.FromSeconds(7);
            });
        await registry.Repository().FetchManifestAsync("v1");
        clock.RequestedDelays.Clear();

        await registry.Repository().FetchManifestAsync("v1");
        await registry.Repository().FetchManifestAsync("v1");

        Assert.Contains(TimeSpan.FromSeconds(7), clock.RequestedDelays);
    }

    [Fact]
    public async Task Plenty_remaining_does_not_slow_anything()
    {
        var clock = new RecordingTimeProvider(Now);
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", Manifest(("RateLimit-Remaining", "76;w=21600"))),
            clock);

        for (var i = 0; i < 3; i++)
        {
            await registry.Repository().FetchManifestAsync("v1");
        }

        Assert.DoesNotContain(clock.RequestedDelays, d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromMinutes(5));
    }
}
