using System.Security.Cryptography;
using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>
/// <c>--src-shared-blob-dir</c>/<c>--dest-shared-blob-dir</c> (and inspect's <c>--shared-blob-dir</c>) side by side with
/// skopeo 1.9.3: the same flags accepted, the same files written, each tool reading what the other wrote.
/// </summary>
public sealed class SharedBlobDirectoryTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();

    private string Source => fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task A_copy_into_a_shared_blob_directory_writes_the_files_skopeo_writes()
    {
        var (ours, oursShared) = (_ocireg.PathInHome("ours"), _ocireg.PathInHome("ours-blobs"));
        var (theirs, theirsShared) = (_ocireg.PathInHome("theirs"), _ocireg.PathInHome("theirs-blobs"));

        await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", "--dest-shared-blob-dir", oursShared, Source, $"oci:{ours}:v1");
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-shared-blob-dir", theirsShared, Source, $"oci:{theirs}:v1"]);

        // The layout keeps oci-layout, index.json and an empty blobs/ (ocireg's lock file beside them is its own);
        // every blob, the manifest included, is in the shared directory as ALG/ENCODED.
        Assert.Equal(Files(theirs), Files(ours).Where(f => f != "index.json.lock"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(ours, "blobs")));
        Assert.Equal(Files(theirsShared), Files(oursShared));
        Assert.Contains($"sha256/{fixture.Sample.ManifestDigest.Encoded}", Files(oursShared));
        Assert.Equal(IndexEntries(theirs), IndexEntries(ours));
        AssertEveryBlobMatchesItsName(oursShared);
    }

    [Fact]
    public async Task Skopeo_reads_a_layout_ocireg_wrote_with_a_shared_blob_directory()
    {
        var (layout, shared) = (_ocireg.PathInHome("layout"), _ocireg.PathInHome("blobs"));
        await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", "--dest-shared-blob-dir", shared, Source, $"oci:{layout}:v1");

        var raw = await _skopeo.RunAsync(["inspect", "--raw", "--shared-blob-dir", shared, $"oci:{layout}:v1"]);
        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(raw.StandardOutputBytes.Span));

        // skopeo copies it whole into a plain layout, which umoci (that knows no shared directories) reads.
        var plain = _ocireg.PathInHome("plain");
        var copied = await _skopeo.CopyAsync($"oci:{layout}:v1", $"oci:{plain}:v1", flags: ["--src-shared-blob-dir", shared]);
        Assert.Equal(fixture.Sample.ManifestDigest, copied);
        await Umoci.Locate().RunAsync(["stat", "--image", $"{plain}:v1"]);

        // Without the flag the layout has no blobs of its own, for skopeo as for ocireg.
        var skopeoWithout = await _skopeo.Tool.RunUncheckedAsync(["inspect", $"oci:{layout}:v1"]);
        var ocireWithout = await _ocireg.RunAsync("inspect", $"oci:{layout}:v1");
        Assert.NotEqual(0, skopeoWithout.ExitCode);
        Assert.NotEqual(0, ocireWithout.ExitCode);
    }

    [Fact]
    public async Task Ocireg_reads_a_layout_skopeo_wrote_with_a_shared_blob_directory()
    {
        var (layout, shared) = (_ocireg.PathInHome("layout"), _ocireg.PathInHome("blobs"));
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-shared-blob-dir", shared, Source, $"oci:{layout}:v1"]);
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("from-shared"), "v1");
        var plain = _ocireg.PathInHome("plain");

        var inspected = await _ocireg.SucceedAsync("inspect", "--shared-blob-dir", shared, $"oci:{layout}:v1");
        await _ocireg.SucceedAsync("copy", "--dest-tls-verify=false", "--src-shared-blob-dir", shared, $"oci:{layout}:v1", destination);
        await _ocireg.SucceedAsync("copy", "--src-shared-blob-dir", shared, $"oci:{layout}:v1", $"oci:{plain}:v1");

        using (var document = JsonDocument.Parse(inspected.StandardOutput))
        {
            Assert.Equal(fixture.Sample.ManifestDigest.ToString(), document.RootElement.GetProperty("Digest").GetString());
        }

        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute((await _skopeo.InspectRawAsync(destination, SkopeoRegistryAccess.Insecure)).Span));
        await Umoci.Locate().RunAsync(["stat", "--image", $"{plain}:v1"]);
    }

    [Fact]
    public async Task Two_layouts_sharing_a_blob_directory_hold_one_copy_of_each_blob()
    {
        var shared = _ocireg.PathInHome("blobs");
        var (first, second) = (_ocireg.PathInHome("first"), _ocireg.PathInHome("second"));

        await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", "--dest-shared-blob-dir", shared, Source, $"oci:{first}:v1");
        var blobsAfterFirst = Files(shared);
        await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", "--dest-shared-blob-dir", shared, Source, $"oci:{second}:v2");

        Assert.Equal(blobsAfterFirst, Files(shared));
        var raw = await _skopeo.RunAsync(["inspect", "--raw", "--shared-blob-dir", shared, $"oci:{second}:v2"]);
        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(raw.StandardOutputBytes.Span));
    }

    [Fact]
    public async Task A_copy_that_fails_lists_nothing_and_leaves_only_complete_blobs()
    {
        // A source whose first layer is missing from its shared directory: the copy fails after other blobs are written.
        var (source, sourceShared) = (_ocireg.PathInHome("source"), _ocireg.PathInHome("source-blobs"));
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-shared-blob-dir", sourceShared, Source, $"oci:{source}:v1"]);
        var layer = LayerDigests(sourceShared, fixture.Sample.ManifestDigest)[0];
        File.Delete(Path.Combine(sourceShared, layer.Algorithm, layer.Encoded));
        var (destination, destinationShared) = (_ocireg.PathInHome("destination"), _ocireg.PathInHome("destination-blobs"));

        var ours = await _ocireg.RunAsync(
            "copy", "--src-shared-blob-dir", sourceShared, "--dest-shared-blob-dir", destinationShared, $"oci:{source}:v1", $"oci:{destination}:v1");
        var theirs = await _skopeo.Tool.RunUncheckedAsync(
            ["--insecure-policy", "copy", "--src-shared-blob-dir", sourceShared, "--dest-shared-blob-dir", _ocireg.PathInHome("skopeo-blobs"), $"oci:{source}:v1", $"oci:{_ocireg.PathInHome("skopeo")}:v1"]);

        Assert.Equal(1, ours.ExitCode);
        Assert.Equal(1, theirs.ExitCode);
        Assert.Contains(layer.ToString(), ours.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(destination), ours.ToString());
        if (Directory.Exists(destinationShared))
        {
            Assert.DoesNotContain($"sha256/{fixture.Sample.ManifestDigest.Encoded}", Files(destinationShared));
            AssertEveryBlobMatchesItsName(destinationShared);
        }
    }

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static List<string> IndexEntries(string layout)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        return [.. document.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetRawText())];
    }

    private static List<Digest> LayerDigests(string shared, Digest manifest)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shared, manifest.Algorithm, manifest.Encoded)));
        return [.. document.RootElement.GetProperty("layers").EnumerateArray().Select(l => Digest.Parse(l.GetProperty("digest").GetString()!))];
    }

    // Nothing half-written: every file in the directory is a whole blob, named by the digest of its content.
    private static void AssertEveryBlobMatchesItsName(string shared)
    {
        foreach (var file in Files(shared))
        {
            Assert.StartsWith("sha256/", file, StringComparison.Ordinal);
            var content = File.ReadAllBytes(Path.Combine(shared, file));
            Assert.Equal(file["sha256/".Length..], Convert.ToHexStringLower(SHA256.HashData(content)));
        }
    }
}
