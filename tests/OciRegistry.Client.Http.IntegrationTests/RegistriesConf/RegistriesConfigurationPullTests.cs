using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http.RegistriesConf;
using OciRegistry.Client.TestSupport.Faults;

namespace OciRegistry.Client.Http.IntegrationTests.RegistriesConf;

/// <summary>
/// containers-registries.conf between real registries: the primary is reached through a counting proxy, the mirrors
/// and rewritten locations are registries of their own, and every host is marked insecure by the file itself (they
/// speak plain HTTP), so the file's insecure flags are what lets the client reach them at all.
/// </summary>
public sealed class RegistriesConfigurationPullTests
    : IClassFixture<RegistryFixture>, IClassFixture<MirrorRegistry>, IClassFixture<SecondMirrorRegistry>, IAsyncLifetime
{
    private readonly RegistryFixture _primary;
    private readonly MirrorRegistry _mirror;
    private readonly SecondMirrorRegistry _second;
    private readonly ProcessLogScope[] _logs;
    private readonly FaultProxy _proxy;
    private readonly TestImages _images = TestImages.Locate();
    private ServiceProvider? _services;

    public RegistriesConfigurationPullTests(RegistryFixture primary, MirrorRegistry mirror, SecondMirrorRegistry second, ITestOutputHelper output)
    {
        _primary = primary;
        _mirror = mirror;
        _second = second;
        _logs = [primary.CaptureLog(output), mirror.CaptureLog(output), second.CaptureLog(output)];
        _proxy = FaultProxy.Start(primary);
    }

    private string Primary => _proxy.Host;

    private static readonly TestImageContent Other = new() { FileContent = "the other image\n" };

    private OciRegistryClient Client(string toml)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.RegistriesConfiguration = RegistriesConfiguration.Parse(toml, "/test/registries.conf");
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return _services.GetRequiredService<OciRegistryClient>();
    }

    private string MirrorTables(string mirrors, string registryKeys = "") => $"""
        [[registry]]
        location = "{Primary}"
        insecure = true
        {registryKeys}
        {mirrors}

        [[registry]]
        location = "{_mirror.Host}"
        insecure = true

        [[registry]]
        location = "{_second.Host}"
        insecure = true
        """;

    // Reads what a copy's source reads: the manifest and every blob it references, each to its end.
    private static async Task<Manifest> PullAsync(RegistryRepository repository, string reference)
    {
        var manifest = await repository.FetchManifestAsync(reference);
        foreach (var blob in manifest.References)
        {
            await using var content = await repository.FetchBlobAsync(blob);
            await content.Stream.CopyToAsync(Stream.Null);
        }

        return manifest;
    }

    private int PrimaryRequests => _proxy.Requests.Count(r => r.Path != "/v2/");

    [Fact]
    public async Task A_mirror_that_has_the_image_serves_the_whole_pull_and_the_primary_gets_no_request()
    {
        var repository = _primary.NewRepository("mirrored");
        var image = await _images.PushAsync(_mirror, $"cache/{repository}", "1.0");
        var client = Client(MirrorTables($"""
            [[registry.mirror]]
            location = "{_mirror.Host}/cache"
            """));

        var manifest = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Empty(_proxy.Requests);
    }

    [Fact]
    public async Task A_mirror_missing_the_image_falls_through_to_the_next_mirror_and_then_the_primary()
    {
        var repository = _primary.NewRepository("fallthrough");
        var image = await _images.PushAsync(_primary, repository, "1.0");
        var client = Client(MirrorTables($"""
            [[registry.mirror]]
            location = "{_mirror.Host}/empty"
            [[registry.mirror]]
            location = "{_second.Host}"
            """));

        var manifest = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Single(_proxy.RequestsMatching(RequestMatch.ManifestGet));
    }

    [Fact]
    public async Task Digest_only_mirrors_are_skipped_for_a_tag_and_serve_a_digest()
    {
        var repository = _primary.NewRepository("digestonly");
        var atPrimary = await _images.PushAsync(_primary, repository, "1.0");
        var atMirror = await _images.PushAsync(_mirror, repository, "1.0", Other);
        var client = Client(MirrorTables($"""
            [[registry.mirror]]
            location = "{_mirror.Host}"
            pull-from-mirror = "digest-only"
            """));

        var byTag = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");
        var requestsAfterTag = PrimaryRequests;
        var byDigest = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}@{atMirror.ManifestDigest}")), atMirror.ManifestDigest.ToString());

        Assert.Equal(atPrimary.ManifestDigest, byTag.Digest);
        Assert.Equal(atMirror.ManifestDigest, byDigest.Digest);
        Assert.Equal(requestsAfterTag, PrimaryRequests);
    }

    [Fact]
    public async Task Mirror_by_digest_only_leaves_a_tag_to_the_primary()
    {
        var repository = _primary.NewRepository("bydigest");
        var atPrimary = await _images.PushAsync(_primary, repository, "1.0");
        await _images.PushAsync(_mirror, repository, "1.0", Other);
        var client = Client(MirrorTables(
            $"""
            [[registry.mirror]]
            location = "{_mirror.Host}"
            """,
            "mirror-by-digest-only = true"));

        var byTag = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");

        Assert.Equal(atPrimary.ManifestDigest, byTag.Digest);
    }

    [Fact]
    public async Task Tag_only_mirrors_serve_a_tag_and_are_skipped_for_a_digest()
    {
        var repository = _primary.NewRepository("tagonly");
        var atPrimary = await _images.PushAsync(_primary, repository, "1.0");
        var atMirror = await _images.PushAsync(_mirror, repository, "1.0", Other);
        var client = Client(MirrorTables($"""
            [[registry.mirror]]
            location = "{_mirror.Host}"
            pull-from-mirror = "tag-only"
            """));

        var byTag = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");
        var byDigest = await Record.ExceptionAsync(() => PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}@{atMirror.ManifestDigest}")), atMirror.ManifestDigest.ToString()));

        Assert.Equal(atMirror.ManifestDigest, byTag.Digest);
        Assert.IsType<ManifestNotFoundException>(byDigest);
        Assert.NotEqual(atPrimary.ManifestDigest, atMirror.ManifestDigest);
    }

    [Fact]
    public async Task A_prefix_rewrite_reaches_the_rewritten_repository_on_another_registry()
    {
        var repository = _primary.NewRepository("rewritten");
        var image = await _images.PushAsync(_mirror, $"internal/{repository}/app", "2.0");
        var client = Client($"""
            [[registry]]
            prefix = "{Primary}/team"
            location = "{_mirror.Host}/internal/{repository}"
            insecure = true
            """);

        var source = client.GetRepository(ImageReference.Parse($"{Primary}/team/app:2.0"));
        var manifest = await PullAsync(source, "2.0");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal($"{_mirror.Host}/internal/{repository}/app", source.Name);
        Assert.Empty(_proxy.Requests);
    }

    [Fact]
    public async Task A_blocked_registry_is_refused_for_every_access_before_any_connection()
    {
        var client = Client($"""
            [[registry]]
            location = "{Primary}"
            blocked = true
            """);
        var reference = ImageReference.Parse($"{Primary}/any/image:1.0");

        var pull = Assert.Throws<BlockedRegistryException>(() => client.GetRepository(reference));
        var push = Assert.Throws<BlockedRegistryException>(() => client.GetRepository(reference, RepositoryAccess.PullPush));

        Assert.Contains("/test/registries.conf", pull.Message, StringComparison.Ordinal);
        Assert.Contains($"prefix = \"{Primary}\", blocked = true", pull.Message, StringComparison.Ordinal);
        Assert.Equal(pull.Message, push.Message);
        Assert.Empty(_proxy.Requests);
    }

    [Fact]
    public async Task A_blocked_mirror_is_never_contacted_and_the_primary_serves()
    {
        var repository = _primary.NewRepository("blockedmirror");
        var image = await _images.PushAsync(_primary, repository, "1.0");
        await using var mirrorProxy = FaultProxy.Start(_mirror);
        var client = Client($"""
            [[registry]]
            location = "{Primary}"
            insecure = true
            [[registry.mirror]]
            location = "{mirrorProxy.Host}"

            [[registry]]
            location = "{mirrorProxy.Host}"
            blocked = true
            """);

        var manifest = await PullAsync(client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0")), "1.0");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Empty(mirrorProxy.Requests);
    }

    [Fact]
    public async Task Pushes_go_to_the_registry_itself_and_never_to_its_mirrors()
    {
        var repository = _primary.NewRepository("pushed");
        await using var mirrorProxy = FaultProxy.Start(_mirror);
        var client = Client($"""
            [[registry]]
            location = "{Primary}"
            insecure = true
            [[registry.mirror]]
            location = "{mirrorProxy.Host}"
            insecure = true
            """);
        var bytes = "pushed past the mirror"u8.ToArray();
        var blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes);
        var destination = client.GetRepository(ImageReference.Parse($"{Primary}/{repository}:1.0"), RepositoryAccess.PullPush);

        var existedBefore = await destination.BlobExistsAsync(blob);
        await destination.PushBlobAsync(blob, PipeReader.Create(new MemoryStream(bytes)));

        Assert.False(existedBefore);
        Assert.True(await destination.BlobExistsAsync(blob));
        Assert.Empty(mirrorProxy.Requests);
        Assert.Contains(_proxy.Requests, r => r.Method == "PUT" || r.Method == "POST");
    }

    [Fact]
    public async Task Tags_are_listed_by_the_first_mirror_that_answers()
    {
        var repository = _primary.NewRepository("listed");
        await _images.PushAsync(_mirror, repository, "from-mirror");
        await _images.PushAsync(_primary, repository, "from-primary");
        var client = Client(MirrorTables($"""
            [[registry.mirror]]
            location = "{_second.Host}/absent"
            [[registry.mirror]]
            location = "{_mirror.Host}"
            """));

        var tags = await client.GetRepository(ImageReference.Parse($"{Primary}/{repository}")).ListTagsAsync().ToListAsync();

        Assert.Equal(["from-mirror"], tags);
        Assert.Empty(_proxy.Requests);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _services?.Dispose();
        await _proxy.DisposeAsync();
        foreach (var log in _logs)
        {
            log.Dispose();
        }
    }
}
