using Microsoft.Extensions.DependencyInjection;

namespace OciRegistry.Client.Http.Tests.Transport;

public sealed class PingTests
{
    private static readonly byte[] ManifestBytes = ScriptedManifest.Bytes;

    private static int Pings(ScriptedRegistry registry) => registry.Handler.Requests.Count(r => r.Uri.AbsolutePath == "/v2/");

    [Fact]
    public async Task Many_requests_to_one_registry_ping_it_once()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => r.RequestUri!.AbsolutePath.StartsWith("/v2/team/", StringComparison.Ordinal), _ => ScriptedManifest.Response()));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => registry.Repository($"team/app{i % 4}").FetchManifestAsync("v1")));
        await registry.Client.PingAsync("registry.test");

        Assert.Equal(1, Pings(registry));
        Assert.Equal(20, registry.Handler.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/manifests/v1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Each_registry_is_pinged_on_its_own()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        var first = await registry.Client.PingAsync("registry.test");
        var second = await registry.Client.PingAsync("other.test:5000");

        Assert.Equal(new Uri("https://registry.test/"), first);
        Assert.Equal(new Uri("https://other.test:5000/"), second);
        Assert.Equal(["registry.test", "other.test"], registry.Handler.Requests.Select(r => r.Uri.Host));
    }

    [Fact]
    public async Task A_failed_ping_is_tried_again_on_the_next_call()
    {
        var attempts = 0;
        using var registry = new ScriptedRegistry(new ScriptedHandler()
            .On(HttpMethod.Get, "/v2/", _ => Interlocked.Increment(ref attempts) == 1
                ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("not a registry") }
                : new HttpResponseMessage(HttpStatusCode.OK)));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Client.PingAsync("registry.test"));
        var address = await registry.Client.PingAsync("registry.test");
        await registry.Client.PingAsync("registry.test");

        Assert.Equal(RegistryOperation.Ping, error.Operation);
        Assert.Contains("not a registry", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://registry.test/"), address);
        Assert.Equal(2, Pings(registry));
    }

    [Fact]
    public async Task A_401_ping_counts_as_a_registry()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler()
            .On(HttpMethod.Get, "/v2/", _ => new HttpResponseMessage(HttpStatusCode.Unauthorized)));

        Assert.Equal(new Uri("https://registry.test/"), await registry.Client.PingAsync("registry.test"));
    }

    [Fact]
    public async Task An_insecure_registry_falls_back_to_http_when_tls_fails()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler()
                .On(r => r.RequestUri!.Scheme == "https", _ => throw new HttpRequestException("The SSL connection could not be established"))
                .WithPing()
                .On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ => ScriptedManifest.Response()),
            o => o.Registries["registry.test"] = new RegistryHostOptions { Insecure = true });

        await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(new Uri("http://registry.test/"), await registry.Client.PingAsync("registry.test"));
        Assert.Equal("http", registry.Handler.Requests.Last(r => r.Uri.AbsolutePath == "/v2/team/app/manifests/v1").Uri.Scheme);
        Assert.Equal(1, registry.Handler.Requests.Count(r => r.Uri.Scheme == "http" && r.Uri.AbsolutePath == "/v2/"));

        // A failed handshake means "speaks plain http": it is not retried before falling back.
        Assert.Equal(1, registry.Handler.Requests.Count(r => r.Uri.Scheme == "https"));
    }

    [Fact]
    public async Task An_insecure_registry_that_speaks_tls_stays_on_https()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing(),
            o => o.Registries["registry.test"] = new RegistryHostOptions { Insecure = true });

        Assert.Equal(new Uri("https://registry.test/"), await registry.Client.PingAsync("registry.test"));
        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.Scheme == "http");
    }

    [Fact]
    public async Task A_registry_not_marked_insecure_never_falls_back_to_http()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler()
                .On(r => r.RequestUri!.Scheme == "https", _ => throw new HttpRequestException("The SSL connection could not be established"))
                .WithPing(),
            o => o.Registries["other.test"] = new RegistryHostOptions { Insecure = true });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.Scheme == "http");
        Assert.Contains("Registry registry.test could not be reached at https://registry.test/v2/", error.Message, StringComparison.Ordinal);
        Assert.Contains("mark it Insecure", error.Message, StringComparison.Ordinal);
        Assert.Contains("The SSL connection could not be established", error.Message, StringComparison.Ordinal);

        // A secure registry's ping is an ordinary request: network errors are retried.
        Assert.Equal(4, registry.Handler.Requests.Count(r => r.Uri.AbsolutePath == "/v2/"));
    }

    [Fact]
    public async Task An_http_error_status_on_https_is_not_a_reason_to_fall_back()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().On(HttpMethod.Get, "/v2/", _ => new HttpResponseMessage(HttpStatusCode.Forbidden)),
            o => o.Registries["registry.test"] = new RegistryHostOptions { Insecure = true });

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => registry.Client.PingAsync("registry.test"));

        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.Scheme == "http");
    }

    [Fact]
    public async Task Docker_hub_references_go_to_registry_1()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, "/v2/library/nginx/manifests/latest", _ => ScriptedManifest.Response()));

        var repository = registry.Client.GetRepository("nginx");
        await repository.FetchManifestAsync("latest");

        Assert.Equal("docker.io", repository.Registry);
        Assert.Equal("library/nginx", repository.Repository);
        Assert.All(registry.Handler.Requests, r => Assert.Equal("registry-1.docker.io", r.Uri.Host));
        Assert.Equal(new Uri("https://registry-1.docker.io/"), await registry.Client.PingAsync("docker.io"));
        Assert.Equal(new Uri("https://registry-1.docker.io/"), await registry.Client.PingAsync("index.docker.io"));
        Assert.Equal(1, Pings(registry));
    }

    [Fact]
    public async Task A_warning_header_is_logged_once()
    {
        var logs = new CapturingLoggerProvider();
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ =>
            {
                var response = ScriptedManifest.Response();
                response.Headers.Add("Warning", "299 - \"this registry is deprecated\"");
                return response;
            }),
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        for (var i = 0; i < 3; i++)
        {
            await registry.Repository().FetchManifestAsync("v1");
        }

        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("deprecated", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("registry.test", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.test/team/app")]
    [InlineData("not a host")]
    [InlineData("registry.test:port")]
    public async Task Ping_refuses_what_is_not_a_registry_host(string registryName)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        var error = await Assert.ThrowsAsync<InvalidReferenceException>(() => registry.Client.PingAsync(registryName));

        Assert.Contains(registryName, error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Handler.Requests);
    }
}
