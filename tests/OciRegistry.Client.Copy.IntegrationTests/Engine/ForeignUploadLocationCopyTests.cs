using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Loopback;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Engine;

/// <summary>
/// A copy from a real registry into a destination registry that requires Basic credentials (a loopback server) and
/// hands every upload session to another origin (a second loopback server on another port), which records every
/// header it receives: the destination's credentials never reach it, whether it challenges or takes the upload.
/// </summary>
public sealed class ForeignUploadLocationCopyTests : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Repository = "team/app";
    private static readonly string DestinationBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:destination-secret"));

    private readonly RegistryFixture _source;
    private readonly ProcessLogScope _sourceLog;

    public ForeignUploadLocationCopyTests(RegistryFixture source, ITestOutputHelper output)
    {
        _source = source;
        _sourceLog = source.CaptureLog(output);
    }

    public void Dispose() => _sourceLog.Dispose();

    [Fact]
    public async Task A_copy_whose_uploads_move_to_a_challenging_origin_fails_without_sending_it_the_destinations_credentials()
    {
        var image = await TestImages.Locate().PushAsync(_source, _source.NewRepository("foreign-challenge"), "v1");
        await using var network = await Network.StartAsync(foreignAcceptsAnonymous: false);
        using var services = Services(network.Destination);

        var thrown = await Record.ExceptionAsync(() => CopyAsync(services, network.Destination, image));

        Assert.NotEmpty(network.Foreign.Received);
        Assert.All(network.Foreign.Received, r => Assert.Null(r.Header("Authorization")));
        Assert.DoesNotContain(network.Foreign.Received, r => r.Headers.Values.Any(v => v.Contains(DestinationBasic["Basic ".Length..], StringComparison.Ordinal)));
        var error = Assert.IsType<RegistryAuthenticationException>(thrown);
        Assert.Contains(network.Foreign.Host, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(network.Destination.Received, r => r.Method == "PUT" && r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_copy_whose_uploads_move_to_an_origin_that_needs_no_credentials_completes_without_sending_them_there()
    {
        var image = await TestImages.Locate().PushAsync(_source, _source.NewRepository("foreign-anonymous"), "v1");
        await using var network = await Network.StartAsync(foreignAcceptsAnonymous: true);
        using var services = Services(network.Destination);

        var result = await CopyAsync(services, network.Destination, image);

        Assert.Equal(image.ManifestDigest, result.Manifest.Digest);
        Assert.All(network.Foreign.Received, r => Assert.Null(r.Header("Authorization")));
        Assert.Equal(
            result.Blobs.Select(b => b.Blob.Digest.ToString()).Order(StringComparer.Ordinal),
            network.StoredDigests.Order(StringComparer.Ordinal));
        var manifestPut = Assert.Single(network.Destination.Received, r => r.Method == "PUT" && r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal));
        Assert.Equal(DestinationBasic, manifestPut.Header("Authorization"));
    }

    private async Task<CopyResult> CopyAsync(ServiceProvider services, LoopbackHttpServer destination, PushedImage image)
    {
        var client = services.GetRequiredService<OciRegistryClient>();
        var source = client.GetRepository(ImageReference.Parse($"{_source.Host}/{image.Repository}"), RepositoryAccess.Pull);
        var target = client.GetRepository(ImageReference.Parse($"{destination.Host}/{Repository}"), RepositoryAccess.PullPush);
        return await services.GetRequiredService<ImageCopier>().CopyAsync(source, image.Tag, target, "v1");
    }

    private ServiceProvider Services(LoopbackHttpServer destination)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[_source.Host] = new RegistryHostOptions { Insecure = true };
            o.Registries[destination.Host] = new RegistryHostOptions { Insecure = true };
            o.Retry.MaxRetries = 0;
        }).AddCopyEngine(o => o.RetryDelay = TimeSpan.FromMilliseconds(10));
        services.AddOciRegistryAuthentication(o =>
        {
            o.UseAuthFiles = false;
            o.Credentials[destination.Host] = RegistryCredential.FromUsernamePassword("alice", "destination-secret");
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The destination registry (Basic auth, uploads handed to the foreign origin) and the foreign origin.</summary>
    private sealed class Network : IAsyncDisposable
    {
        private readonly bool _foreignAcceptsAnonymous;
        private readonly ConcurrentDictionary<string, byte> _stored = new(StringComparer.Ordinal);
        private int _sessions;

        private Network(bool foreignAcceptsAnonymous) => _foreignAcceptsAnonymous = foreignAcceptsAnonymous;

        public LoopbackHttpServer Destination { get; private set; } = null!;

        public LoopbackHttpServer Foreign { get; private set; } = null!;

        /// <summary>The digests of the blobs the foreign origin completed (whose bytes hashed to the digest committed).</summary>
        public IEnumerable<string> StoredDigests => _stored.Keys;

        public static async Task<Network> StartAsync(bool foreignAcceptsAnonymous)
        {
            var network = new Network(foreignAcceptsAnonymous);
            network.Foreign = await LoopbackHttpServer.StartAsync(network.ForeignAsync);
            network.Destination = await LoopbackHttpServer.StartAsync(network.DestinationAsync);
            return network;
        }

        public async ValueTask DisposeAsync()
        {
            await Destination.DisposeAsync();
            await Foreign.DisposeAsync();
        }

        private async Task DestinationAsync(HttpContext context)
        {
            if (context.Request.Headers.Authorization.ToString() != DestinationBasic)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"destination\"";
                return;
            }

            var path = context.Request.Path.Value ?? string.Empty;
            var method = context.Request.Method;
            if (path == "/v2/")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}");
            }
            else if (method == "POST" && path == $"/v2/{Repository}/blobs/uploads/")
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = new Uri(Foreign.BaseAddress, $"uploads/{Interlocked.Increment(ref _sessions)}?_state=s").AbsoluteUri;
            }
            else if (method == "PUT" && path.StartsWith($"/v2/{Repository}/manifests/", StringComparison.Ordinal))
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                context.Response.StatusCode = StatusCodes.Status201Created;
                context.Response.Headers["Docker-Content-Digest"] = Digest.Compute(body.ToArray()).ToString();
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }

        private async Task ForeignAsync(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (!_foreignAcceptsAnonymous)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"foreign\"";
                return;
            }

            if (context.Request.Method == "PUT" && context.Request.Query["digest"].ToString() is { Length: > 0 } digest)
            {
                if (Digest.Compute(body.ToArray()).ToString() == digest)
                {
                    _stored.TryAdd(digest, 0);
                    context.Response.StatusCode = StatusCodes.Status201Created;
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                }

                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
