using System.Text.Json;
using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Formats;

/// <summary>A registry that accepts schema 1 pushes, holding one two-layer schema 1 image written by skopeo.</summary>
public sealed class Schema1Registry() : RegistryFixture(new RegistryOptions { Schema1Enabled = true })
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private string? _repository;

    public async Task<string> Schema1RepositoryAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_repository is null)
            {
                var layout = CreateScratchDirectory("s1-layout");
                var images = TestImages.Locate();
                await images.BuildLayoutAsync(layout, "v1", new TestImageContent { FileContent = "first <layer> & more\n" });

                // A second layer after the config step: schema 1 then lists a throwaway entry between two layers.
                var second = Path.Combine(CreateScratchDirectory("s1-file"), "second.txt");
                await File.WriteAllTextAsync(second, "second layer\n");
                await images.Umoci.InsertAsync(layout, "v1", second, "/second.txt");
                var repository = NewRepository("schema1");
                await RunSkopeoAsync(["copy", "--quiet", "--dest-tls-verify=false", "--format", "v2s1", $"oci:{layout}:v1", DockerReference(repository, "v1")]);
                _repository = repository;
            }

            return _repository;
        }
        finally
        {
            _once.Release();
        }
    }

    public async Task<Digest> SkopeoConvertAsync(string repository, string format, string target)
    {
        var digestFile = Path.Combine(CreateScratchDirectory("digest"), "digest");
        await RunSkopeoAsync([
            "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", format, "--digestfile", digestFile,
            DockerReference(repository, "v1"), DockerReference(target, "v1")]);
        return Digest.Parse((await File.ReadAllTextAsync(digestFile)).Trim());
    }

    private static async Task RunSkopeoAsync(IEnumerable<string> arguments) => await Skopeo.Locate().RunAsync(arguments);
}

public sealed class Schema1CopyTests : IClassFixture<Schema1Registry>, IDisposable
{
    private readonly Schema1Registry _registry;
    private readonly ProcessLogScope _log;
    private readonly CopyHarness _harness;

    public Schema1CopyTests(Schema1Registry registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
        _harness = new CopyHarness(registry);
    }

    [Fact]
    public async Task Converting_to_schema_2_gives_the_digest_skopeo_gives()
    {
        var repository = await _registry.Schema1RepositoryAsync();
        var source = await _harness.Source(_registry, repository).FetchManifestAsync("v1");
        var bySkopeo = await _registry.SkopeoConvertAsync(repository, "v2s2", _registry.NewRepository("s1-skopeo"));

        var target = _registry.NewRepository("s1-ours");
        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_registry, repository), "v1", _harness.Destination(_registry, target), "v1", new CopyOptions { Format = ManifestFormat.DockerV2S2 });

        Assert.Equal(ManifestKind.Schema1, source.Kind);
        Assert.Equal(bySkopeo, result.Manifest.Digest);
        Assert.Equal(MediaTypes.DockerManifest, result.Manifest.MediaType);
        Assert.True(result.DigestChanged);
        var written = await _harness.Destination(_registry, target).FetchManifestAsync("v1");
        Assert.Equal(2, written.Image!.Layers.Count);
        Assert.All(written.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
    }

    [Fact]
    public async Task Converting_to_oci_writes_an_image_skopeo_reads_with_the_same_layers_and_history()
    {
        var repository = await _registry.Schema1RepositoryAsync();
        var skopeoTarget = _registry.NewRepository("s1-skopeo-oci");
        await _registry.SkopeoConvertAsync(repository, "oci", skopeoTarget);

        var target = _registry.NewRepository("s1-ours-oci");
        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_registry, repository), "v1", _harness.Destination(_registry, target), "v1", new CopyOptions { Format = ManifestFormat.Oci });

        Assert.Equal(MediaTypes.OciManifest, result.Manifest.MediaType);
        var ours = await ConfigAsync(target);
        var theirs = await ConfigAsync(skopeoTarget);
        Assert.Equal(theirs.GetProperty("rootfs").GetRawText(), ours.GetProperty("rootfs").GetRawText());
        Assert.Equal(theirs.GetProperty("history").GetRawText(), ours.GetProperty("history").GetRawText());
        Assert.Equal(theirs.GetProperty("config").GetRawText(), ours.GetProperty("config").GetRawText());

        // skopeo reads every blob back and verifies it against our manifest.
        var digest = await Skopeo.Locate().CopyAsync(
            _registry.DockerReference(target, "v1"), "dir:" + _registry.CreateScratchDirectory("s1-verify"), sourceAccess: _registry.GetSkopeoAccess());
        Assert.Equal(result.Manifest.Digest, digest);
    }

    [Fact]
    public async Task Without_a_format_a_schema_1_image_is_refused_naming_the_image_and_the_way_out()
    {
        var repository = await _registry.Schema1RepositoryAsync();
        var target = _registry.NewRepository("s1-refused");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _harness.Copier.CopyAsync(
            _harness.Source(_registry, repository), "v1", _harness.Destination(_registry, target), "v1"));

        Assert.Contains("schema 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("CopyOptions.Format", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<NotFoundException>(() => _harness.Destination(_registry, target).FetchManifestAsync("v1"));
    }

    [Fact]
    public async Task Preserving_digests_refuses_the_conversion()
    {
        var repository = await _registry.Schema1RepositoryAsync();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _harness.Copier.CopyAsync(
            _harness.Source(_registry, repository), "v1", _harness.Destination(_registry, _registry.NewRepository("s1-preserve")), "v1",
            new CopyOptions { Format = ManifestFormat.DockerV2S2, PreserveDigests = true }));

        Assert.Contains("preserve", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _log.Dispose();
    }

    private async Task<JsonElement> ConfigAsync(string repository)
    {
        var repo = _harness.Source(_registry, repository);
        var manifest = await repo.FetchManifestAsync("v1");
        await using var blob = await repo.FetchBlobAsync(manifest.Image!.Config);
        using var document = await JsonDocument.ParseAsync(blob.Stream);
        return document.RootElement.Clone();
    }
}
