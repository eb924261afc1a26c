using Consumer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;
using OciRegistry.Client.Inspection;
using OciRegistry.Client.Sync;

namespace Consumer.Tests;

/// <summary>What a new user does with the packages, against real registries on loopback ports.</summary>
public sealed class SdkTests : IAsyncLifetime, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ocireg-consumer-").FullName;
    private LocalRegistry _first = null!;
    private LocalRegistry _second = null!;

    public async Task InitializeAsync()
    {
        _first = await LocalRegistry.StartAsync();
        _second = await LocalRegistry.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Inspects_an_image_in_one_call()
    {
        using var client = Client();
        var pushed = await SampleImage.PushAsync(client, $"{_first.Host}/team/app:1.0");

        var registry = _first.Host;

        // snippet: inspect
        ImageInspection inspection = await client.InspectAsync(ImageReference.Parse($"{registry}/team/app:1.0"), includeTags: true);
        InspectedImage image = inspection.Images[0];     // the image, or each instance of an index, in order
        // end snippet

        Assert.Equal(pushed.Digest, inspection.Digest);
        Assert.Equal(["1.0"], inspection.Tags);
        Assert.Single(inspection.Images);
        Assert.Equal("linux/amd64", image.Platform?.ToString());
        Assert.Equal("consumers", image.Labels["org.example.team"]);
        Assert.Equal(["PATH=/usr/bin"], image.Env);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), image.Created);
        Assert.Equal(2, image.Layers.Count);
    }

    [Fact]
    public async Task Copies_between_two_registries_in_two_lines()
    {
        using var setup = Client();
        var pushed = await SampleImage.PushAsync(setup, $"{_first.Host}/team/app:1.0");

        var options = Options();
        var (source, destination) = (_first.Host, _second.Host);

        // snippet: copy-two-lines
        using var client = OciRegistryClient.Create(options);
        CopyResult result = await ImageCopier.Create(client).CopyAsync(
            ImageLocation.Parse($"docker://{source}/team/app:1.0"),
            ImageLocation.Parse($"docker://{destination}/mirror/app:1.0"));
        // end snippet

        Assert.Equal(pushed.Digest, result.Manifest.Digest);
        Assert.Equal(pushed.Digest, (await client.GetRepository($"{_second.Host}/mirror/app").ResolveAsync("1.0")).Digest);
    }

    [Fact]
    public async Task Copies_to_an_oci_layout_and_back_with_the_digest_kept()
    {
        using var client = Client();
        var pushed = await SampleImage.PushAsync(client, $"{_first.Host}/team/app:1.0");
        var copier = ImageCopier.Create(client);
        var layout = ImageLocation.Parse($"oci:{Path.Combine(_scratch, "layout")}:1.0");

        await copier.CopyAsync(ImageLocation.Parse($"docker://{_first.Host}/team/app:1.0"), layout);
        var back = await copier.CopyAsync(layout, ImageLocation.Parse($"docker://{_second.Host}/from-layout/app:1.0"));

        Assert.Equal(pushed.Digest, back.Manifest.Digest);
        Assert.True(File.Exists(Path.Combine(_scratch, "layout", "index.json")));
    }

    [Fact]
    public async Task Syncs_with_options_bound_from_configuration()
    {
        using (var setup = Client())
        {
            await SampleImage.PushAsync(setup, $"{_first.Host}/team/app:v1");
            await SampleImage.PushAsync(setup, $"{_first.Host}/team/app:v2");
            await SampleImage.PushAsync(setup, $"{_first.Host}/team/app:dev");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"OciRegistry:Registries:{_first.Host}:Insecure"] = "true",
            [$"OciRegistry:Registries:{_second.Host}:Insecure"] = "true",
            ["OciRegistry:Authentication:UseAuthFiles"] = "false",
            ["OciRegistry:Sync:IncludeTagRegex"] = "^v",
            ["OciRegistry:Sync:MaxConcurrentImages"] = "2",
        }).Build();
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddSync();
        await using var provider = services.BuildServiceProvider();
        var syncer = provider.GetRequiredService<ImageSyncer>();

        var result = await syncer.SyncAsync(SyncSource.Registry($"{_first.Host}/team/app"), SyncDestination.Registry($"{_second.Host}/synced"), new SyncOptions { KeepGoing = true });

        Assert.Equal(2, result.Copied);
        var tags = await provider.GetRequiredService<OciRegistryClient>().GetRepository($"{_second.Host}/synced/app").ListTagsAsync().ToListAsync();
        Assert.Equal(["v1", "v2"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reads_credentials_from_configuration()
    {
        await using var secured = await LocalRegistry.StartAsync("robot", "s3cret-pw");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"OciRegistry:Registries:{secured.Host}:Insecure"] = "true",
            ["OciRegistry:Authentication:UseAuthFiles"] = "false",
            [$"OciRegistry:Credentials:{secured.Host}:Username"] = "robot",
            [$"OciRegistry:Credentials:{secured.Host}:Password"] = "s3cret-pw",
        }).Build();
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry"));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OciRegistryClient>();

        var pushed = await SampleImage.PushAsync(client, $"{secured.Host}/private/app:1.0");

        Assert.Equal(pushed.Digest, (await client.GetRepository($"{secured.Host}/private/app").ResolveAsync("1.0")).Digest);
        using var anonymous = Client(secured.Host);
        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => anonymous.GetRepository($"{secured.Host}/private/app").ResolveAsync("1.0"));
    }

    private OciRegistryClient Client(params string[] more) =>
        OciRegistryClient.Create(Options(more), new RegistryAuthenticationOptions { UseAuthFiles = false });

    private OciRegistryClientOptions Options(params string[] more)
    {
        var options = new OciRegistryClientOptions();
        foreach (var host in more.Append(_first.Host).Append(_second.Host))
        {
            options.Registries[host] = new RegistryHostOptions { Insecure = true };
        }

        return options;
    }
}
