using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>
/// The engine between every pair of transports, with skopeo making the same copy as the oracle and reading back
/// (and hashing) what the engine wrote; umoci unpacks an OCI layout the engine wrote.
/// </summary>
public sealed class TransportRoundTripTests : IClassFixture<TransportImages>, IDisposable
{
    private static readonly string[] AllTransports = ["registry", "oci", "oci-archive", "docker-archive", "dir"];

    private readonly TransportImages _images;
    private readonly ProcessLogScope _log;
    private readonly string _scratch;
    private readonly SkopeoOracle _skopeo;

    public TransportRoundTripTests(TransportImages images, ITestOutputHelper output)
    {
        _images = images;
        _log = images.Registry.CaptureLog(output);
        _scratch = images.Registry.CreateScratchDirectory("round-trip");
        _skopeo = new SkopeoOracle(_scratch);
    }

    public static TheoryData<string, string> Pairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var from in AllTransports)
        {
            foreach (var to in AllTransports)
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task The_engine_copies_between_transports_as_skopeo_does(string from, string to)
    {
        var original = Original();
        var source = from == "registry" ? original : Site(from, "source");
        if (from != "registry")
        {
            await source.CopyFromAsync(original);
        }

        var ours = Site(to, "ours");
        var theirs = Site(to, "theirs");

        var result = await ours.CopyFromAsync(source, OptionsFor(from, to));
        var skopeoWrote = await _skopeo.CopyAsync(source, theirs);

        var oursRead = await _skopeo.ReadBackAsync(ours);
        if (to == "docker-archive")
        {
            // Neither keeps a manifest in the archive: both generate it from manifest.json and the config on reading.
            Assert.False(result.DigestChanged);
            Assert.Equal(await _skopeo.ReadBackAsync(theirs), oursRead);
            return;
        }

        Assert.Equal(result.Manifest.Digest, oursRead);
        if (from == "docker-archive")
        {
            // A docker archive's layers are uncompressed tars. skopeo's generated manifest labels them gzip; going to a
            // registry or a layout it gzips them (and, for a layout, converts the manifest to OCI and re-serialises the
            // config), going to dir: it keeps the uncompressed bytes under the gzip label. The engine labels them as
            // the tars they are and never recompresses, so the digests differ by design. What both must agree on is
            // the layers' content: the diff IDs.
            Assert.Equal(to is "oci" or "oci-archive", result.DigestChanged);
            Assert.NotEqual(skopeoWrote, oursRead);
            Assert.Equal(await DiffIdsAsync(theirs), await DiffIdsAsync(ours));
            return;
        }

        Assert.False(result.DigestChanged);
        Assert.Equal(skopeoWrote, oursRead);
        if (from != "docker-archive")
        {
            Assert.Equal(_images.Image.ManifestDigest, oursRead);
        }
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    [InlineData("dir")]
    public async Task What_skopeo_wrote_the_engine_copies_on_to_a_registry_and_a_layout(string transport)
    {
        var theirs = Site(transport, "theirs");
        await _skopeo.CopyAsync(Original(), theirs);
        var presented = await _skopeo.ReadBackAsync(theirs);

        var registry = Site("registry", "from-skopeo");
        var toRegistry = await registry.CopyFromAsync(theirs);
        var layout = Site("oci", "from-skopeo");
        var toLayout = await layout.CopyFromAsync(theirs, OptionsFor(transport, "oci"));

        Assert.Equal(toLayout.Manifest.Digest, await _skopeo.ReadBackAsync(layout));
        if (transport == "docker-archive")
        {
            // skopeo's generated manifest labels the archive's uncompressed layers gzip; ours labels them as tars.
            // skopeo reads what we pushed, and the layers are the same bytes.
            Assert.NotEqual(presented, toRegistry.Manifest.Digest);
            Assert.Equal(toRegistry.Manifest.Digest, await _skopeo.ReadBackAsync(registry));
            Assert.Equal(await DiffIdsAsync(theirs), await DiffIdsAsync(registry));
            Assert.True(toLayout.DigestChanged);
        }
        else
        {
            Assert.Equal(presented, toRegistry.Manifest.Digest);
            Assert.Equal(_images.Image.ManifestDigest, presented);
            Assert.Equal(presented, toLayout.Manifest.Digest);
        }
    }

    [Fact]
    public async Task Umoci_reads_and_unpacks_the_layout_the_engine_wrote_from_the_registry()
    {
        var layout = Site("oci", "for-umoci");
        await layout.CopyFromAsync(Original());
        var path = layout.Location.Path!;

        var umoci = Umoci.Locate();
        var stat = await umoci.RunAsync(["stat", "--json", "--image", $"{path}:v1"]);
        var bundle = Path.Combine(_scratch, "bundle");
        await umoci.RunAsync(["unpack", "--rootless", "--image", $"{path}:v1", bundle]);

        Assert.Contains("history", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("one image\n", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "hello.txt")));
    }

    public void Dispose() => _log.Dispose();

    private Site Original() =>
        Transports.Site.Existing(_images.Harness, _images.Registry, TransportImages.Repository, TransportImages.ImageTag);

    private Site Site(string transport, string name) =>
        Transports.Site.Create(_images.Harness, _images.Registry, transport, _scratch, name);

    /// <summary>
    /// A docker archive presents a Docker schema 2 manifest. skopeo converts it to OCI for a layout on its own (its
    /// layout destination declares OCI types only, and skopeo 1.9 does not see Docker entries of an
    /// <c>index.json</c>); the engine writes the source's bytes unless told, so a user asks for the conversion.
    /// </summary>
    private static CopyOptions? OptionsFor(string from, string to) =>
        from == "docker-archive" && to is "oci" or "oci-archive" ? new CopyOptions { Format = ManifestFormat.Oci } : null;

    private static async Task<IReadOnlyList<Digest>> DiffIdsAsync(Site site)
    {
        await using var opened = await site.OpenSourceAsync();
        var source = opened.Source;
        var manifest = await source.FetchManifestAsync(opened.Reference);
        await using var content = await source.FetchBlobAsync(manifest.Image!.Config);
        using var buffer = new MemoryStream();
        await content.Stream.CopyToAsync(buffer);
        return ImageConfig.Parse(buffer.ToArray()).RootFileSystem!.DiffIds;
    }
}
