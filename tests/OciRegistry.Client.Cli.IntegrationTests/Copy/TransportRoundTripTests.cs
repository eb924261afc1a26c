using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>One image through every transport: docker:// → oci: → docker-archive: → dir: → docker://.</summary>
public sealed class TransportRoundTripTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Docker_oci_docker_archive_dir_docker_keeps_the_digests()
    {
        var source = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");
        var layout = $"oci:{_ocireg.PathInHome("layout")}:round-trip";
        var archive = $"docker-archive:{_ocireg.PathInHome("archive")}.tar:round/trip:v1";
        var directory = $"dir:{_ocireg.PathInHome("dir")}";
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("round-trip"), "v1");

        var toLayout = await CopyAsync(source, layout, "--src-tls-verify=false");
        await CopyAsync(layout, archive);
        var toDirectory = await CopyAsync(archive, directory);
        var toRegistry = await CopyAsync(directory, destination, "--dest-tls-verify=false");

        // docker:// → oci: copies the manifest bytes as they are.
        Assert.Equal(fixture.Sample.ManifestDigest, toLayout);
        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute((await _skopeo.RunAsync(["inspect", "--raw", layout])).StandardOutputBytes.Span));

        // A docker archive stores uncompressed layers: reading it gives the manifest skopeo generates for it, except
        // that its layers are labelled as the uncompressed tars they are where skopeo says gzip; dir: keeps it byte for byte.
        var archiveManifest = (await _skopeo.RunAsync(["inspect", "--raw", archive])).StandardOutputBytes;
        var relabelled = System.Text.Encoding.UTF8.GetString(archiveManifest.Span)
            .Replace("\"application/vnd.docker.image.rootfs.diff.tar.gzip\"", "\"application/vnd.docker.image.rootfs.diff.tar\"", StringComparison.Ordinal);
        Assert.Equal(Digest.Compute(System.Text.Encoding.UTF8.GetBytes(relabelled)), toDirectory);

        // The registry holds what the digest file names (the layers may have been compressed on the way: skopeo does).
        var final = await _skopeo.InspectRawAsync(destination, SkopeoRegistryAccess.Insecure);
        Assert.Equal(toRegistry, Digest.Compute(final.Span));

        // The config, and with it the image ID and the layers' diff IDs, survives every leg: saved once more into a
        // docker archive by skopeo, the final image gives the very manifest the first archive gave.
        var sourceConfig = ConfigDigest(await _skopeo.InspectRawAsync(source, SkopeoRegistryAccess.Insecure));
        Assert.Equal(sourceConfig, ConfigDigest(archiveManifest));
        Assert.Equal(sourceConfig, ConfigDigest(final));
        var again = $"docker-archive:{_ocireg.PathInHome("again")}.tar:round/trip:v1";
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--src-no-creds", destination, again]);
        Assert.Equal(archiveManifest.ToArray(), (await _skopeo.RunAsync(["inspect", "--raw", again])).StandardOutputBytes.ToArray());
    }

    [Fact]
    public async Task Registry_to_registry_and_back_through_an_oci_archive_keeps_the_manifest_digest()
    {
        var source = fixture.Registry.DockerReference(fixture.Sample.Repository, "v2");
        var archive = $"oci-archive:{_ocireg.PathInHome("archive")}.tar:v2";
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("oci-archive"), "v2");

        Assert.Equal(fixture.Sample.ManifestDigest, await CopyAsync(source, archive, "--src-tls-verify=false"));
        Assert.Equal(fixture.Sample.ManifestDigest, await CopyAsync(archive, destination, "--dest-tls-verify=false"));
        var final = await _skopeo.InspectRawAsync(destination, SkopeoRegistryAccess.Insecure);
        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(final.Span));
    }

    private async Task<Digest> CopyAsync(string from, string to, params string[] flags)
    {
        var digestFile = _ocireg.PathInHome("digest");
        await _ocireg.SucceedAsync(["copy", "--quiet", "--digestfile", digestFile, .. flags, from, to]);
        return Digest.Parse((await File.ReadAllTextAsync(digestFile)).Trim());
    }

    private static string ConfigDigest(ReadOnlyMemory<byte> manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        return document.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }
}
