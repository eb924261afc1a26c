using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>
/// A three-platform index of umoci images copied by the engine between a registry and an OCI layout in each
/// multi-arch mode; skopeo reads back (and hashes) what was written. The layout the engine reads was written by skopeo.
/// </summary>
public sealed class MultiArchTransportTests : IClassFixture<TransportImages>, IDisposable
{
    private readonly TransportImages _images;
    private readonly ProcessLogScope _log;
    private readonly string _scratch;
    private readonly SkopeoOracle _skopeo;

    public MultiArchTransportTests(TransportImages images, ITestOutputHelper output)
    {
        _images = images;
        _log = images.Registry.CaptureLog(output);
        _scratch = images.Registry.CreateScratchDirectory("multi-arch");
        _skopeo = new SkopeoOracle(_scratch);
    }

    [Theory]
    [InlineData("registry", "oci")]
    [InlineData("oci", "registry")]
    public async Task All_copies_the_index_and_every_instance_with_digests_preserved(string from, string to)
    {
        var source = await SourceAsync(from);
        var destination = Site(to, "all");

        var result = await destination.CopyFromAsync(source, new CopyOptions { MultiArch = MultiArchMode.All });

        Assert.False(result.DigestChanged);
        Assert.Equal(_images.Index.Digest, result.Manifest.Digest);
        Assert.Equal([.. _images.Instances, _images.Index.Digest], result.Manifests.Select(m => m.Written.Digest));
        Assert.Equal(_images.Index.Digest, await _skopeo.ReadBackAsync(destination, all: true));
    }

    [Theory]
    [InlineData("registry", "oci")]
    [InlineData("oci", "registry")]
    public async Task System_copies_the_instance_of_the_platform_asked_for(string from, string to)
    {
        var source = await SourceAsync(from);
        var destination = Site(to, "system");

        var result = await destination.CopyFromAsync(source, new CopyOptions { SystemPlatform = Platform.Parse("linux/arm64") });

        Assert.True(result.DigestChanged);
        Assert.Equal(_images.Instances[1], result.Manifest.Digest);
        Assert.Equal(_images.Instances[1], await _skopeo.ReadBackAsync(destination));
        await using var opened = await destination.OpenSourceAsync();
        var written = opened.Source;
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => written.FetchManifestAsync(_images.Instances[0].ToString()));
    }

    [Fact]
    public async Task Index_only_writes_the_index_alone_into_a_layout()
    {
        var destination = Site("oci", "index-only");

        var result = await destination.CopyFromAsync(await SourceAsync("registry"), new CopyOptions { MultiArch = MultiArchMode.IndexOnly });

        Assert.Equal(_images.Index.Digest, result.Manifest.Digest);
        Assert.Empty(result.Blobs);
        Assert.Equal(_images.Index.Content.ToArray(), (await _skopeo.Skopeo.InspectRawAsync(destination.SkopeoReference)).ToArray());
        await using var opened = await destination.OpenSourceAsync();
        var written = opened.Source;
        Assert.Equal(_images.Index.Digest, (await written.ResolveAsync("v1")).Digest);
        foreach (var instance in _images.Instances)
        {
            await Assert.ThrowsAsync<ManifestNotFoundException>(() => written.FetchManifestAsync(instance.ToString()));
        }
    }

    [Theory]
    [InlineData("registry", "oci")]
    [InlineData("oci", "registry")]
    public async Task A_platform_subset_writes_a_new_index_of_the_chosen_instances(string from, string to)
    {
        var source = await SourceAsync(from);
        var destination = Site(to, "subset");
        var options = new CopyOptions { MultiArch = MultiArchMode.All };
        options.Platforms.Add(Platform.Parse("linux/amd64"));
        options.Platforms.Add(Platform.Parse("linux/s390x"));

        var result = await destination.CopyFromAsync(source, options);

        Assert.True(result.DigestChanged);
        Assert.NotEqual(_images.Index.Digest, result.Manifest.Digest);
        Assert.Equal(result.Manifest.Digest, await _skopeo.ReadBackAsync(destination, all: true));
        await using var opened = await destination.OpenSourceAsync();
        var written = opened.Source;
        var index = await written.FetchManifestAsync("v1");
        Assert.Equal([_images.Instances[0], _images.Instances[2]], index.Index!.Manifests.Select(m => m.Digest));
        Assert.Equal(["amd64", "s390x"], index.Index.Manifests.Select(m => m.Platform!.Architecture));
    }

    public void Dispose() => _log.Dispose();

    /// <summary>The index in the registry, or a layout skopeo wrote from it with <c>--all</c>.</summary>
    private async Task<Site> SourceAsync(string transport)
    {
        var registry = Transports.Site.Existing(_images.Harness, _images.Registry, TransportImages.Repository, TransportImages.IndexTag);
        if (transport == "registry")
        {
            return registry;
        }

        var layout = Site(transport, "from-skopeo");
        Assert.Equal(_images.Index.Digest, await _skopeo.CopyAsync(registry, layout, all: true));
        return layout;
    }

    private Site Site(string transport, string name) =>
        Transports.Site.Create(_images.Harness, _images.Registry, transport, _scratch, name);
}
