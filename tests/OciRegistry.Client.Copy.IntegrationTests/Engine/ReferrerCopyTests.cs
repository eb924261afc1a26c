using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Engine;

// Both registries are Distribution 2.8, without the referrers API: the source's referrers are read from the tag
// schema and cosign's tags, the destination's written there.
public sealed class ReferrerCopyTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;
    private readonly CopyHarness _harness;

    public ReferrerCopyTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
        _harness = new CopyHarness(source, destination);
    }

    [Fact]
    public async Task An_image_arrives_with_its_referrers_and_theirs_byte_for_byte()
    {
        var (repository, image, source) = await ImageAsync("with-referrers");
        var subject = await source.ResolveAsync("v1");
        var attached = await Attachments.AttachAllAsync(_harness.Destination(_source, repository), subject);
        var target = _destination.NewRepository("with-referrers");
        var destination = _harness.Destination(_destination, target);

        var result = await _harness.Copier.CopyAsync(source, "v1", destination, "v1", new CopyOptions { CopyReferrers = true });

        Assert.Equal(image.ManifestDigest, result.Manifest.Digest);
        Assert.Equal(4, result.Referrers.Count);
        Assert.All(result.Referrers, r => Assert.True(r.Copied, r.NotCopiedReason));
        var expected = Flatten(await ReferrerTree.ReadAsync(source, image.ManifestDigest, ReferrerFilter.All));
        var actual = Flatten(await ReferrerTree.ReadAsync(destination, image.ManifestDigest, ReferrerFilter.All));
        Assert.Equal(expected, actual);
        Assert.Contains((1, attached.SbomSignature.Digest.ToString(), Attachments.Signature), actual);

        var skopeo = Skopeo.Locate();
        Assert.Equal(
            (await skopeo.InspectRawAsync(_source.DockerReference(repository, "v1"), _source.GetSkopeoAccess())).ToArray(),
            (await skopeo.InspectRawAsync(_destination.DockerReference(target, "v1"), _destination.GetSkopeoAccess())).ToArray());
        foreach (var artifact in new[] { attached.Sbom, attached.Provenance, attached.SbomSignature, attached.Cosign })
        {
            var copied = await skopeo.InspectRawAsync($"docker://{_destination.Host}/{target}@{artifact.Digest}", _destination.GetSkopeoAccess());
            Assert.Equal(artifact.Content.ToArray(), copied.ToArray());
        }

        Assert.Equal(attached.Cosign.Digest, (await destination.ResolveAsync(ReferrerTags.ForCosign(image.ManifestDigest, ".sig"))).Digest);
    }

    [Fact]
    public async Task An_artifact_type_filter_copies_those_referrers_and_what_refers_to_them()
    {
        var (repository, image, source) = await ImageAsync("filtered");
        var attached = await Attachments.AttachAllAsync(_harness.Destination(_source, repository), await source.ResolveAsync("v1"));
        var destination = _harness.Destination(_destination, _destination.NewRepository("filtered"));
        var options = new CopyOptions { CopyReferrers = true };
        options.ReferrerArtifactTypes.Add(Attachments.Spdx);

        var result = await _harness.Copier.CopyAsync(source, "v1", destination, "v1", options);

        Assert.Equal([attached.Sbom.Digest, attached.SbomSignature.Digest], result.Referrers.Select(r => r.Descriptor.Digest));
        var copied = Flatten(await ReferrerTree.ReadAsync(destination, image.ManifestDigest, ReferrerFilter.All));
        Assert.Equal([(0, attached.Sbom.Digest.ToString(), Attachments.Spdx), (1, attached.SbomSignature.Digest.ToString(), Attachments.Signature)], copied);
    }

    [Fact]
    public async Task A_conversion_that_changes_the_digest_reports_each_referrer_as_not_copied()
    {
        var (repository, _, source) = await ImageAsync("converted");
        await Attachments.AttachAllAsync(_harness.Destination(_source, repository), await source.ResolveAsync("v1"));
        var destination = _harness.Destination(_destination, _destination.NewRepository("converted"));

        var result = await _harness.Copier.CopyAsync(source, "v1", destination, "v1", new CopyOptions { CopyReferrers = true, Format = ManifestFormat.DockerV2S2 });

        Assert.True(result.DigestChanged);
        Assert.Equal(4, result.Referrers.Count);
        Assert.All(result.Referrers, r => Assert.False(r.Copied));
        Assert.Equal(3, result.Referrers.Count(r => r.NotCopiedReason!.Contains("was written as", StringComparison.Ordinal)));
        Assert.Single(result.Referrers, r => r.NotCopiedReason!.Contains("is not copied", StringComparison.Ordinal));
        Assert.Empty(await ReferrerTree.ReadAsync(destination, result.Manifest.Digest, ReferrerFilter.All));
    }

    [Fact]
    public async Task Referrers_that_loop_stop_the_copy_before_anything_is_written()
    {
        var (repository, image, source) = await ImageAsync("loop");
        var writer = _harness.Destination(_source, repository);
        var sbom = await Attachments.AttachAsync(writer, await source.ResolveAsync("v1"), Attachments.Spdx, Attachments.Spdx, "{}");

        // A hand-written referrers tag of the SBOM that lists the image: image → SBOM → image.
        await writer.PushManifestAsync(
            Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [(await source.ResolveAsync("v1")) with { ArtifactType = "application/x" }] }),
            ReferrerTags.ForSubject(sbom.Digest));
        var target = _destination.NewRepository("loop");

        var e = await Assert.ThrowsAsync<ReferrerGraphException>(() =>
            _harness.Copier.CopyAsync(source, "v1", _harness.Destination(_destination, target), "v1", new CopyOptions { CopyReferrers = true }));

        Assert.Contains($"The referrers loop: {image.ManifestDigest} → {sbom.Digest} → {image.ManifestDigest}", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => _harness.Destination(_destination, target).ResolveAsync("v1"));
    }

    [Fact]
    public async Task A_referrer_whose_subject_is_elsewhere_stops_the_copy_before_anything_is_written()
    {
        var (repository, image, source) = await ImageAsync("elsewhere");
        var writer = _harness.Destination(_source, repository);
        var other = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute("another repository's image"u8), Size = 26 };
        var stray = await Attachments.AttachAsync(writer, other, Attachments.Spdx, Attachments.Spdx, "{}");
        await writer.PushManifestAsync(
            Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [stray.Descriptor] }),
            ReferrerTags.ForSubject(image.ManifestDigest));
        var target = _destination.NewRepository("elsewhere");

        var e = await Assert.ThrowsAsync<ImageCopyException>(() =>
            _harness.Copier.CopyAsync(source, "v1", _harness.Destination(_destination, target), "v1", new CopyOptions { CopyReferrers = true }));

        Assert.Contains($"whose subject is {other.Digest}", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => _harness.Destination(_destination, target).ResolveAsync("v1"));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _destinationLog.Dispose();
        _sourceLog.Dispose();
    }

    private static List<(int Depth, string Digest, string? ArtifactType)> Flatten(IReadOnlyList<ReferrerNode> nodes, int depth = 0) =>
        [.. nodes.SelectMany(n => Flatten(n.Referrers, depth + 1).Prepend((depth, n.Referrer.Descriptor.Digest.ToString(), n.Referrer.Descriptor.ArtifactType)))];

    private async Task<(string Repository, PushedImage Image, RegistryRepository Source)> ImageAsync(string name)
    {
        var repository = _source.NewRepository(name);
        var image = await TestImages.Locate().PushAsync(_source, repository, "v1");
        return (repository, image, _harness.Source(_source, repository));
    }
}
