using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.DependencyInjection;

namespace OciRegistry.Client.Http.Tests.DependencyInjection;

public sealed class ClientRegistrationTests
{
    [Fact]
    public async Task Two_service_providers_with_different_options_do_not_see_each_other()
    {
        var failing = new Func<RecordedRequest, HttpResponseMessage>(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var first = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", failing),
            o =>
            {
                o.UserAgent = "first/1.0";
                o.Retry.MaxRetries = 0;
            },
            s => new OciRegistryBuilder(s).AddRegistryHttpHandler((_, _) => new HeaderHandler("X-First")));
        using var second = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/v1", failing),
            o =>
            {
                o.UserAgent = "second/2.0";
                o.Retry.MaxRetries = 2;
            });

        await Assert.ThrowsAsync<OciRegistryException>(() => first.Repository().FetchManifestAsync("v1"));
        await Assert.ThrowsAsync<OciRegistryException>(() => second.Repository().FetchManifestAsync("v1"));

        Assert.All(first.Handler.Requests, r => Assert.Equal("first/1.0", r.Headers["User-Agent"]));
        Assert.All(second.Handler.Requests, r => Assert.Equal("second/2.0", r.Headers["User-Agent"]));
        Assert.All(first.Handler.Requests, r => Assert.True(r.Headers.ContainsKey("X-First")));
        Assert.All(second.Handler.Requests, r => Assert.False(r.Headers.ContainsKey("X-First")));
        Assert.Equal(1, first.Handler.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/v1", StringComparison.Ordinal)));
        Assert.Equal(3, second.Handler.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/v1", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_client_is_one_singleton_per_provider()
    {
        using var first = new ScriptedRegistry(new ScriptedHandler());
        using var second = new ScriptedRegistry(new ScriptedHandler());

        Assert.Same(first.Client, first.Services.GetService(typeof(OciRegistryClient)));
        Assert.NotSame(first.Client, second.Client);
    }

    [Fact]
    public async Task A_registered_handler_is_created_for_the_registry_it_serves()
    {
        var registries = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing(),
            services: s => new OciRegistryBuilder(s).AddRegistryHttpHandler((_, name) =>
            {
                registries.Add(name);
                return new HeaderHandler("X-Seen");
            }));

        await registry.Client.PingAsync("registry.test");
        await registry.Client.PingAsync("other.test:5000");

        Assert.Equal(["other.test:5000", "registry.test"], registries.Order(StringComparer.Ordinal));
        Assert.All(registry.Handler.Requests, r => Assert.True(r.Headers.ContainsKey("X-Seen")));
    }

    [Theory]
    [InlineData("registry.test/team/app:v1")]
    [InlineData("registry.test/team/app@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")]
    public void Get_repository_by_name_and_by_reference_agree_and_ignore_a_tag_or_digest(string name)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler());

        var byName = registry.Client.GetRepository(name);
        var byReference = registry.Client.GetRepository(ImageReference.Parse(name));

        Assert.Equal("registry.test/team/app", byName.Name);
        Assert.Equal(byReference.Name, byName.Name);
        Assert.Equal(byReference.Access, byName.Access);
    }

    [Theory]
    [InlineData("registry.test/team/app", "registry.test", "team/app")]
    [InlineData("nginx", "docker.io", "library/nginx")]
    [InlineData("localhost:5000/app", "localhost:5000", "app")]
    public void Get_repository_normalises_the_name(string name, string expectedRegistry, string expectedRepository)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler());

        var repository = registry.Client.GetRepository(name);

        Assert.Equal(expectedRegistry, repository.Registry);
        Assert.Equal(expectedRepository, repository.Repository);
        Assert.Equal($"{expectedRegistry}/{expectedRepository}", repository.Name);
    }

    [Fact]
    public void Get_repository_by_reference_ignores_the_tag()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler());

        var repository = registry.Client.GetRepository(ImageReference.Parse("registry.test/team/app:v1"));

        Assert.Equal("team/app", repository.Repository);
    }

    private sealed class HeaderHandler(string header) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(header, "1");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
