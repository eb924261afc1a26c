using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.Auth.IntegrationTests.Redirects;

/// <summary>
/// A registry (a loopback server that requires Basic credentials, or tokens from a token server on a third origin)
/// answers the upload POST — or a later PATCH — with a <c>Location</c> on another origin (a second loopback server on
/// another port). That origin challenges as a hostile upload server would; every header it receives is recorded and
/// checked for the registry's secrets.
/// </summary>
public sealed class ForeignUploadLocationTests
{
    private const string Repository = "team/app";
    private const string RegistryToken = "token-for-the-registry-only";
    private const string ForeignToken = "token-of-the-foreign-origin";
    private static readonly string RegistryBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:registry-secret"));

    /// <summary>How the registry (origin A) authenticates.</summary>
    public enum RegistryAuth
    {
        Basic,
        BearerFromTokenServer,
    }

    /// <summary>How the foreign upload origin (B) challenges.</summary>
    public enum ForeignChallenge
    {
        Basic,
        BearerWithItsOwnRealm,
        BearerWithTheRegistrysRealm,
    }

    [Theory]
    [InlineData(RegistryAuth.Basic, ForeignChallenge.Basic, false)]
    [InlineData(RegistryAuth.Basic, ForeignChallenge.BearerWithItsOwnRealm, false)]
    [InlineData(RegistryAuth.BearerFromTokenServer, ForeignChallenge.Basic, false)]
    [InlineData(RegistryAuth.BearerFromTokenServer, ForeignChallenge.BearerWithItsOwnRealm, false)]
    [InlineData(RegistryAuth.BearerFromTokenServer, ForeignChallenge.BearerWithTheRegistrysRealm, false)]
    [InlineData(RegistryAuth.Basic, ForeignChallenge.Basic, true)]
    [InlineData(RegistryAuth.BearerFromTokenServer, ForeignChallenge.BearerWithTheRegistrysRealm, true)]
    public async Task A_challenging_upload_location_on_another_origin_never_receives_the_registrys_credentials(
        RegistryAuth registryAuth, ForeignChallenge challenge, bool movedByPatch)
    {
        await using var network = await Network.StartAsync(registryAuth, challenge, movedByPatch, foreignAcceptsAnonymous: false);
        using var services = Services(network.Registry, chunkedUploadThreshold: movedByPatch ? 1 : long.MaxValue);
        var repository = RepositoryOf(services, network.Registry);
        var (blob, descriptor) = Blob();

        var thrown = await Record.ExceptionAsync(() => repository.PushBlobAsync(descriptor, PipeReader.Create(new MemoryStream(blob))));

        Assert.NotEmpty(network.Foreign.Received);
        network.AssertForeignOriginGotNoSecrets();
        var error = Assert.IsType<RegistryAuthenticationException>(thrown);
        Assert.Contains(network.Foreign.Host, error.Message, StringComparison.Ordinal);
        Assert.Contains("another origin", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("registry-secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RegistryAuth.Basic, false)]
    [InlineData(RegistryAuth.BearerFromTokenServer, false)]
    [InlineData(RegistryAuth.BearerFromTokenServer, true)]
    public async Task An_upload_location_on_another_origin_that_needs_no_credentials_is_followed_without_them(RegistryAuth registryAuth, bool movedByPatch)
    {
        await using var network = await Network.StartAsync(registryAuth, ForeignChallenge.Basic, movedByPatch, foreignAcceptsAnonymous: true);
        using var services = Services(network.Registry, chunkedUploadThreshold: movedByPatch ? 1 : long.MaxValue);
        var repository = RepositoryOf(services, network.Registry);
        var (blob, descriptor) = Blob();

        await repository.PushBlobAsync(descriptor, PipeReader.Create(new MemoryStream(blob)));

        var commit = Assert.Single(network.Foreign.Received, r => r.Method == "PUT");
        Assert.Contains($"digest={Uri.EscapeDataString(descriptor.Digest.ToString())}", commit.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(movedByPatch ? [] : blob, network.ForeignBody.ToArray());
        network.AssertForeignOriginGotNoSecrets();

        // The registry's own requests were authenticated as usual.
        var post = Assert.Single(network.Registry.Received, r => r.Method == "POST");
        Assert.Equal(registryAuth == RegistryAuth.Basic ? RegistryBasic : $"Bearer {RegistryToken}", post.Header("Authorization"));
    }

    private static (byte[] Bytes, Descriptor Descriptor) Blob()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        return (bytes, Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes));
    }

    private static RegistryRepository RepositoryOf(ServiceProvider services, LoopbackHttpServer registry) =>
        services.GetRequiredService<OciRegistryClient>().GetRepository(ImageReference.Parse($"{registry.Host}/{Repository}"), RepositoryAccess.PullPush);

    private static ServiceProvider Services(LoopbackHttpServer registry, long chunkedUploadThreshold)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = new RegistryHostOptions { Insecure = true };
            o.Retry.MaxRetries = 0;
            o.ChunkedUploadThreshold = chunkedUploadThreshold;
        });
        services.AddOciRegistryAuthentication(o =>
        {
            o.UseAuthFiles = false;
            o.Credentials[registry.Host] = RegistryCredential.FromUsernamePassword("alice", "registry-secret");
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The registry (A), the foreign upload origin (B) and the registry's token server (C), each on its own port.</summary>
    internal sealed class Network : IAsyncDisposable
    {
        private readonly RegistryAuth _registryAuth;
        private readonly ForeignChallenge _challenge;
        private readonly bool _movedByPatch;
        private readonly bool _foreignAcceptsAnonymous;
        private LoopbackHttpServer _registry = null!;
        private LoopbackHttpServer _foreign = null!;
        private LoopbackHttpServer _tokenServer = null!;

        private Network(RegistryAuth registryAuth, ForeignChallenge challenge, bool movedByPatch, bool foreignAcceptsAnonymous)
        {
            _registryAuth = registryAuth;
            _challenge = challenge;
            _movedByPatch = movedByPatch;
            _foreignAcceptsAnonymous = foreignAcceptsAnonymous;
        }

        public LoopbackHttpServer Registry => _registry;

        public LoopbackHttpServer Foreign => _foreign;

        /// <summary>The bytes the foreign origin received in PATCH and PUT bodies.</summary>
        public MemoryStream ForeignBody { get; } = new();

        public static async Task<Network> StartAsync(RegistryAuth registryAuth, ForeignChallenge challenge, bool movedByPatch, bool foreignAcceptsAnonymous)
        {
            var network = new Network(registryAuth, challenge, movedByPatch, foreignAcceptsAnonymous);
            network._tokenServer = await LoopbackHttpServer.StartAsync(network.TokenServerAsync);
            network._foreign = await LoopbackHttpServer.StartAsync(network.ForeignAsync);
            network._registry = await LoopbackHttpServer.StartAsync(network.RegistryAsync);
            return network;
        }

        public void AssertForeignOriginGotNoSecrets()
        {
            foreach (var request in _foreign.Received)
            {
                Assert.Null(request.Header("Authorization"));
                foreach (var value in request.Headers.Values)
                {
                    Assert.DoesNotContain(RegistryToken, value, StringComparison.Ordinal);
                    Assert.DoesNotContain(RegistryBasic["Basic ".Length..], value, StringComparison.Ordinal);
                }
            }

            // The token server hands out the registry's tokens only for the registry's own requests.
            foreach (var request in _tokenServer.Received)
            {
                Assert.DoesNotContain("foreign", request.PathAndQuery, StringComparison.Ordinal);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _registry.DisposeAsync();
            await _foreign.DisposeAsync();
            await _tokenServer.DisposeAsync();
            ForeignBody.Dispose();
        }

        private async Task TokenServerAsync(HttpContext context)
        {
            if (context.Request.Path != "/token" || context.Request.Headers.Authorization.ToString() != RegistryBasic)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"token":"{{RegistryToken}}","expires_in":300}""");
        }

        private async Task RegistryAsync(HttpContext context)
        {
            var expected = _registryAuth == RegistryAuth.Basic ? RegistryBasic : $"Bearer {RegistryToken}";
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = _registryAuth == RegistryAuth.Basic
                    ? "Basic realm=\"registry\""
                    : $"Bearer realm=\"{_tokenServer.BaseAddress}token\",service=\"registry\"";
                return;
            }

            await Drain(context);
            var path = context.Request.Path.Value ?? string.Empty;
            if (path == "/v2/")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}");
            }
            else if (context.Request.Method == "POST" && path == $"/v2/{Repository}/blobs/uploads/")
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = _movedByPatch
                    ? $"/v2/{Repository}/blobs/uploads/session-1?_state=a"
                    : new Uri(_foreign.BaseAddress, "foreign/session-1?_state=b").AbsoluteUri;
            }
            else if (context.Request.Method == "PATCH" && path == $"/v2/{Repository}/blobs/uploads/session-1")
            {
                // The registry takes the bytes, then moves the session to the other origin for the commit.
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = new Uri(_foreign.BaseAddress, "foreign/session-1?_state=c").AbsoluteUri;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }

        private async Task ForeignAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? string.Empty;
            if (path == "/token")
            {
                // Its own token server: whoever asks gets a token, so that a client which answers the challenge
                // would send what it has.
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"token":"{{ForeignToken}}","expires_in":300}""");
                return;
            }

            if (_foreignAcceptsAnonymous && path.StartsWith("/foreign/", StringComparison.Ordinal))
            {
                await context.Request.Body.CopyToAsync(ForeignBody);
                context.Response.StatusCode = context.Request.Method == "PUT" ? StatusCodes.Status201Created : StatusCodes.Status202Accepted;
                if (context.Request.Method == "PATCH")
                {
                    context.Response.Headers.Location = context.Request.Path + context.Request.QueryString;
                }

                return;
            }

            await Drain(context);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = _challenge switch
            {
                ForeignChallenge.Basic => "Basic realm=\"foreign\"",
                ForeignChallenge.BearerWithItsOwnRealm => $"Bearer realm=\"{_foreign.BaseAddress}token\",service=\"foreign\"",
                _ => $"Bearer realm=\"{_tokenServer.BaseAddress}token\",service=\"foreign\",scope=\"repository:foreign:push\"",
            };
        }

        private static async Task Drain(HttpContext context)
        {
            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
            }
        }
    }
}
