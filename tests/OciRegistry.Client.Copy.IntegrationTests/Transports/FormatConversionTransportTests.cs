using System.Text.Json;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>An OCI image converted to Docker schema 2 into skopeo's <c>dir:</c>, read by skopeo, and converted back.</summary>
public sealed class FormatConversionTransportTests : IClassFixture<TransportImages>, IDisposable
{
    private readonly TransportImages _images;
    private readonly ProcessLogScope _log;
    private readonly string _scratch;
    private readonly SkopeoOracle _skopeo;

    public FormatConversionTransportTests(TransportImages images, ITestOutputHelper output)
    {
        _images = images;
        _log = images.Registry.CaptureLog(output);
        _scratch = images.Registry.CreateScratchDirectory("formats");
        _skopeo = new SkopeoOracle(_scratch);
    }

    [Fact]
    public async Task A_registry_image_goes_to_dir_as_schema_2_and_back_to_the_same_oci_digest()
    {
        var original = Transports.Site.Existing(_images.Harness, _images.Registry, TransportImages.Repository, TransportImages.ImageTag);
        var directory = Site("dir", "v2s2");
        var skopeoDirectory = Site("dir", "skopeo-v2s2");

        var converted = await directory.CopyFromAsync(original, new CopyOptions { Format = ManifestFormat.DockerV2S2 });
        var skopeoConverted = await _skopeo.CopyAsync(original, skopeoDirectory, all: false, "--format", "v2s2");

        Assert.True(converted.DigestChanged);
        var raw = Manifest.Parse(await _skopeo.Skopeo.InspectRawAsync(directory.SkopeoReference));
        Assert.Equal(converted.Manifest.Digest, raw.Digest);
        Assert.Equal(MediaTypes.DockerManifest, raw.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, raw.Image!.Config.MediaType);
        Assert.All(raw.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
        Assert.Equal(converted.Manifest.Digest, await _skopeo.ReadBackAsync(directory));

        // skopeo's own conversion names the same config and layers (neither rewrites blobs).
        var theirs = Manifest.Parse(await File.ReadAllBytesAsync(Path.Combine(skopeoDirectory.Location.Path!, "manifest.json")));
        Assert.Equal(skopeoConverted, theirs.Digest);
        Assert.Equal(theirs.References, raw.References);

        using var inspect = JsonDocument.Parse(await _skopeo.Skopeo.InspectAsync(directory.SkopeoReference));
        Assert.Equal(converted.Manifest.Digest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(raw.Image.Layers.Select(l => l.Digest.ToString()), inspect.RootElement.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));

        var back = Site("registry", "back-to-oci");
        var result = await back.CopyFromAsync(directory, new CopyOptions { Format = ManifestFormat.Oci });

        // umoci's manifest leaves out the optional mediaType member, which a conversion writes, so the digest is new;
        // the config and the layers are the original ones, under their OCI media types again.
        Assert.Equal(result.Manifest.Digest, await _skopeo.ReadBackAsync(back));
        await using var source = await original.OpenSourceAsync();
        await using var written = await back.OpenSourceAsync();
        var again = await written.Source.FetchManifestAsync(written.Reference);
        var before = await source.Source.FetchManifestAsync(source.Reference);
        Assert.Equal(MediaTypes.OciManifest, again.MediaType);
        Assert.Equal(before.References, again.References);
    }

    public void Dispose() => _log.Dispose();

    private Site Site(string transport, string name) =>
        Transports.Site.Create(_images.Harness, _images.Registry, transport, _scratch, name);
}
