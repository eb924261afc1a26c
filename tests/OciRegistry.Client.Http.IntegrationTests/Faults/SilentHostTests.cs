using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.TestSupport.Faults;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.Http.IntegrationTests.Faults;

/// <summary>
/// Hosts that go silent with the connection open — before the response headers, in a manifest's body, in a blob's
/// body, a token server that never answers — fail within the configured timeouts (1 s here) with an error naming the
/// host and what was being read, and a caller's cancellation still ends the wait at once. Every case is bounded by
/// <see cref="Bound"/>, so a client without timeouts fails the test instead of hanging it.
/// </summary>
public sealed class SilentHostTests : RegistryTests<RegistryFixture>, IClassFixture<RegistryFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly FaultProxy _proxy;
    private readonly ProxiedClient _proxied;

    public SilentHostTests(RegistryFixture registry, ITestOutputHelper output)
        : base(registry, output)
    {
        _proxy = FaultProxy.Start(registry);
        _proxied = new ProxiedClient(_proxy, o =>
        {
            o.Retry.MaxRetries = 0;
            o.Timeouts.ResponseHeaders = TimeSpan.FromSeconds(1);
            o.Timeouts.IdleRead = TimeSpan.FromSeconds(1);
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        _proxied.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_registry_silent_before_the_response_headers_fails_naming_the_host_and_the_manifest()
    {
        var (_, image) = await PushTestImageAsync("silent-headers");
        _proxy.AddRule(RequestMatch.ManifestGet, Fault.Stall(), times: 10);

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => _proxied.Repository(image.Repository).FetchManifestAsync("v1").WaitAsync(Bound));

        Assert.Equal(
            $"{_proxy.Host} sent no response headers for manifest v1 of {image.Repository} within 1 s (Timeouts.ResponseHeaders).",
            error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task A_manifest_body_that_stops_fails_naming_the_host_and_the_manifest()
    {
        var (_, image) = await PushTestImageAsync("silent-manifest");
        _proxy.AddRule(RequestMatch.ManifestGet, Fault.Stall(afterBytes: 10), times: 10);

        var error = await Assert.ThrowsAsync<OciRegistryException>(
            () => _proxied.Repository(image.Repository).FetchManifestAsync("v1").WaitAsync(Bound));

        Assert.Equal(
            $"Manifest v1 in {_proxy.Host}/{image.Repository} could not be read: {_proxy.Host} stopped sending manifest v1 of {image.Repository}: "
            + "no byte for 1 s after 10 bytes of the body (Timeouts.IdleRead).",
            error.Message);
        Assert.IsType<TimeoutException>(error.InnerException?.InnerException);
    }

    [Fact]
    public async Task A_blob_body_that_stops_fails_from_the_stream_naming_the_host_and_the_blob()
    {
        var (name, blob) = await PushBlobAsync("silent-blob", 300_000);
        _proxy.AddRule(RequestMatch.BlobGet, Fault.Stall(afterBytes: 100_000), times: 10);

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using var content = await _proxied.Repository(name).FetchBlobAsync(blob).WaitAsync(Bound);
            await content.Stream.CopyToAsync(Stream.Null).WaitAsync(Bound);
        });

        Assert.StartsWith($"{_proxy.Host} stopped sending blob {blob.Digest} of {name}: no byte for 1 s after ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" bytes of the body (Timeouts.IdleRead).", error.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task A_silent_token_server_fails_naming_the_token_server_and_the_registry()
    {
        // A token server that accepts connections and never answers.
        using var tokenServer = new TcpListener(IPAddress.Loopback, 0);
        tokenServer.Start();
        var realm = $"127.0.0.1:{((IPEndPoint)tokenServer.LocalEndpoint).Port}";
        var accepted = new List<Socket>();
        var accepting = AcceptForeverAsync(tokenServer, accepted);
        await using var registry = await LoopbackHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{realm}/token\",service=\"silent\"";
            return Task.CompletedTask;
        });
        using var services = Services(registry.Host);
        var client = services.GetRequiredService<OciRegistryClient>();

        try
        {
            var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
                () => client.GetRepository($"{registry.Host}/team/app").FetchManifestAsync("v1").WaitAsync(Bound));

            Assert.StartsWith($"The token server {realm} of registry {registry.Host} did not answer: {realm} sent no response headers", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("within 1 s (Timeouts.ResponseHeaders).", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            tokenServer.Stop();
            await accepting;
            accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Cancelling_a_read_of_a_silent_blob_ends_it_as_a_cancellation_not_a_timeout()
    {
        var (name, blob) = await PushBlobAsync("silent-cancel", 300_000);
        _proxy.AddRule(RequestMatch.BlobGet, Fault.Stall(afterBytes: 100_000), times: 10);
        using var patient = new ProxiedClient(_proxy, o => o.Timeouts.IdleRead = TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            await using var content = await patient.Repository(name).FetchBlobAsync(blob, 0, cancellation.Token);
            await content.Stream.CopyToAsync(Stream.Null, cancellation.Token);
        });
        await WaitForAsync(() => _proxy.RequestsMatching(RequestMatch.BlobGet).Count == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Bound));
    }

    private async Task<(string Name, Descriptor Blob)> PushBlobAsync(string prefix, int size)
    {
        var name = Registry.NewRepository(prefix);
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var blob = Descriptor.FromContent(Models.MediaTypes.OciLayerGzip, bytes);
        await Client.Repository(name).PushBlobAsync(blob, PipeReader.Create(new ReadOnlySequence<byte>(bytes)));
        return (name, blob);
    }

    private static ServiceProvider Services(string registryHost)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[registryHost] = new RegistryHostOptions { Insecure = true };
            o.Retry.MaxRetries = 0;
            o.Timeouts.ResponseHeaders = TimeSpan.FromSeconds(1);
            o.Timeouts.IdleRead = TimeSpan.FromSeconds(1);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static async Task AcceptForeverAsync(TcpListener listener, List<Socket> accepted)
    {
        try
        {
            while (true)
            {
                accepted.Add(await listener.AcceptSocketAsync());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
