using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace OciRegistry.Client.Http.Tests.Resilience;

public sealed class RetryTests
{
    private const string ManifestPath = "/v2/team/app/manifests/v1";

    private static readonly byte[] ManifestBytes = ScriptedManifest.Bytes;

    // Answers the first `failures` requests with `fail`, then with `succeed`.
    private static Func<RecordedRequest, HttpResponseMessage> FailingFirst(int failures, Func<HttpResponseMessage> fail, Func<HttpResponseMessage> succeed)
    {
        var count = 0;
        return _ => Interlocked.Increment(ref count) <= failures ? fail() : succeed();
    }

    private static int Count(ScriptedRegistry registry, HttpMethod method, string path) =>
        registry.Handler.Requests.Count(r => r.Method == method && r.Uri.AbsolutePath == path);

    private static ScriptedRegistry WithClock(ScriptedHandler handler, RecordingTimeProvider clock, Action<OciRegistryClientOptions>? configure = null) =>
        new(handler, configure, services => services.AddSingleton<TimeProvider>(clock));

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_get_is_retried_after_a_transient_status(HttpStatusCode status)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, ManifestPath, FailingFirst(2, () => new HttpResponseMessage(status), () => ScriptedManifest.Response())));

        var manifest = await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(ManifestBytes, manifest.Content.ToArray());
        Assert.Equal(3, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task A_head_is_retried_after_a_transient_status()
    {
        var digest = Digest.Compute(ManifestBytes);
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Head, ManifestPath, FailingFirst(1, () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), () =>
            {
                var response = ScriptedManifest.Response();
                response.Headers.Add("Docker-Content-Digest", digest.ToString());
                return response;
            })));

        var descriptor = await registry.Repository().ResolveAsync("v1");

        Assert.Equal(digest, descriptor.Digest);
        Assert.Equal(2, Count(registry, HttpMethod.Head, ManifestPath));
        Assert.Equal(0, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task A_get_is_retried_after_a_network_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, ManifestPath, FailingFirst(2, () => throw new HttpRequestException("connection reset"), () => ScriptedManifest.Response())));

        var manifest = await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(ManifestBytes, manifest.Content.ToArray());
        Assert.Equal(3, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_the_last_answer_is_reported()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
            o => o.Retry.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task Inside_an_operation_retry_scope_a_get_is_sent_once_and_the_operation_owns_the_retries()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
            o => o.Retry.MaxRetries = 3);
        var repository = registry.Repository();

        using (OciRegistry.Client.Resilience.OperationRetryScope.Begin())
        {
            var error = await Assert.ThrowsAsync<OciRegistryException>(() => repository.FetchManifestAsync("v1"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        }

        Assert.Equal(1, Count(registry, HttpMethod.Get, ManifestPath));

        // Outside the scope the client owns them again.
        await Assert.ThrowsAsync<OciRegistryException>(() => repository.FetchManifestAsync("v1"));
        Assert.Equal(1 + 4, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotImplemented)]
    [InlineData(HttpStatusCode.HttpVersionNotSupported)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_status_that_another_attempt_cannot_change_is_not_retried(HttpStatusCode status)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, ManifestPath, _ => new HttpResponseMessage(status)));

        var error = await Assert.ThrowsAnyAsync<OciRegistryException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task Max_retries_zero_sends_once()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing()
                .On(HttpMethod.Get, ManifestPath, FailingFirst(1, () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), () => ScriptedManifest.Response())),
            o => o.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, Count(registry, HttpMethod.Get, ManifestPath));
    }

    [Fact]
    public async Task A_streaming_put_is_never_retried()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Put, "/v2/team/app/blobs/uploads/1", _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
        var connection = registry.Client.GetConnection(ImageReference.Parse("registry.test/team/app"));
        var uri = await connection.ResolveAsync("v2/team/app/blobs/uploads/1", CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(new MemoryStream([1, 2, 3])) };

        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, Count(registry, HttpMethod.Put, "/v2/team/app/blobs/uploads/1"));
    }

    [Fact]
    public async Task A_put_of_bytes_held_in_memory_is_retried()
    {
        var manifest = Manifest.Parse(ManifestBytes, MediaTypes.OciManifest);
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Put, "/v2/team/app/manifests/v2", FailingFirst(1, () => new HttpResponseMessage(HttpStatusCode.BadGateway), () => new HttpResponseMessage(HttpStatusCode.Created))));

        await registry.Repository().PushManifestAsync(manifest, "v2");

        var puts = registry.Handler.Requests.Where(r => r.Method == HttpMethod.Put).ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, p => Assert.Equal(ManifestBytes, p.Body));
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_waited_for()
    {
        var clock = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, FailingFirst(1, () => Status(HttpStatusCode.ServiceUnavailable, "2"), () => ScriptedManifest.Response())),
            clock,
            o => o.Retry.MaxDelay = TimeSpan.FromSeconds(10));

        await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(2, Count(registry, HttpMethod.Get, ManifestPath));
        Assert.Equal([TimeSpan.FromSeconds(2)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_waited_for()
    {
        var clock = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var date = clock.Now.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture);
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, FailingFirst(1, () => Status(HttpStatusCode.TooManyRequests, date), () => ScriptedManifest.Response())),
            clock,
            o => o.Retry.MaxDelay = TimeSpan.FromSeconds(10));

        await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(2, Count(registry, HttpMethod.Get, ManifestPath));
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Retry_after_is_capped_by_max_delay()
    {
        var clock = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, FailingFirst(2, () => Status(HttpStatusCode.ServiceUnavailable, "3600"), () => ScriptedManifest.Response())),
            clock,
            o => o.Retry.MaxDelay = TimeSpan.FromSeconds(7));

        await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(3, Count(registry, HttpMethod.Get, ManifestPath));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Without_retry_after_the_backoff_stays_within_max_delay()
    {
        var clock = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, FailingFirst(3, () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), () => ScriptedManifest.Response())),
            clock,
            o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            });

        await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(4, Count(registry, HttpMethod.Get, ManifestPath));
        Assert.Equal(3, clock.RequestedDelays.Count);
        Assert.All(clock.RequestedDelays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Rate_limiting_that_outlasts_the_retries_reports_retry_after()
    {
        var clock = new RecordingTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var registry = WithClock(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, ManifestPath, _ =>
            {
                var response = Status(HttpStatusCode.TooManyRequests, "1");
                response.Content = new StringContent("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
                return response;
            }),
            clock,
            o =>
            {
                o.Retry.MaxRetries = 2;
                o.Retry.MaxDelay = TimeSpan.FromSeconds(10);
            });

        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Equal(3, Count(registry, HttpMethod.Get, ManifestPath));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], clock.RequestedDelays);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(RegistryErrorCode.TooManyRequests, error.ErrorCode);
    }

    private static HttpResponseMessage Status(HttpStatusCode status, string retryAfter)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
