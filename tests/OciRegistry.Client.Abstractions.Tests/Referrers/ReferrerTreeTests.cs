using System.Runtime.CompilerServices;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Tests.Referrers;

public sealed class ReferrerTreeTests
{
    private static readonly Digest Image = Digest.Compute("image"u8);

    [Fact]
    public async Task A_hundred_thousand_referrers_stop_the_reading_just_past_the_bound()
    {
        var lister = new GeneratedLister(100_000);

        var e = await Assert.ThrowsAsync<ReferrerGraphException>(() => ReferrerTree.ReadAsync(lister, Image, ReferrerFilter.All));

        Assert.Contains($"{Image} has more than {ReferrerTree.MaxReferrers} referrers", e.Message, StringComparison.Ordinal);
        Assert.Equal(ReferrerTree.MaxReferrers + 1, lister.Yielded);
    }

    [Fact]
    public async Task Referrers_of_referrers_are_read_and_a_type_filter_applies_to_the_first_level_only()
    {
        var sbom = Referrer("sbom", "application/spdx+json");
        var provenance = Referrer("provenance", "application/vnd.in-toto+json");
        var signature = Referrer("signature", "application/vnd.example.signature");
        var lister = new MapLister(new() { [Image] = [sbom, provenance], [sbom.Descriptor.Digest] = [signature] });

        var tree = await ReferrerTree.ReadAsync(lister, Image, new ReferrerFilter { ArtifactTypes = ["application/spdx+json"] });

        var node = Assert.Single(tree);
        Assert.Equal(sbom, node.Referrer);
        Assert.Equal(signature, Assert.Single(node.Referrers).Referrer);
    }

    [Fact]
    public async Task An_excluded_type_is_left_out_at_every_depth()
    {
        var sbom = Referrer("sbom", "application/spdx+json");
        var imageSignature = Referrer("image signature", "application/vnd.dev.cosign.artifact.sig.v1+json");
        var sbomSignature = Referrer("sbom signature", "application/vnd.dev.cosign.artifact.sig.v1+json");
        var lister = new MapLister(new() { [Image] = [sbom, imageSignature], [sbom.Descriptor.Digest] = [sbomSignature] });

        var tree = await ReferrerTree.ReadAsync(lister, Image, new ReferrerFilter { ExcludedArtifactTypes = ["application/vnd.dev.cosign.artifact.sig.v1+json"] });

        var node = Assert.Single(tree);
        Assert.Equal(sbom, node.Referrer);
        Assert.Empty(node.Referrers);
    }

    [Fact]
    public void An_excluded_type_is_refused_even_when_asked_for()
    {
        var filter = new ReferrerFilter { ArtifactTypes = ["a", "b"], ExcludedArtifactTypes = ["b"] };

        Assert.True(filter.Accepts("a"));
        Assert.False(filter.Accepts("b"));
        Assert.False(filter.Accepts(null));
        Assert.True(new ReferrerFilter { ExcludedArtifactTypes = ["b"] }.Accepts(null));
    }

    [Fact]
    public async Task A_loop_is_an_error_naming_the_path()
    {
        var sbom = Referrer("sbom", "application/spdx+json");
        var back = new Referrer(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Image, Size = 1 }, ReferrerKind.Subject);
        var lister = new MapLister(new() { [Image] = [sbom], [sbom.Descriptor.Digest] = [back] });

        var e = await Assert.ThrowsAsync<ReferrerGraphException>(() => ReferrerTree.ReadAsync(lister, Image, ReferrerFilter.All));

        Assert.Contains($"The referrers loop: {Image} → {sbom.Descriptor.Digest} → {Image}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_deeper_than_the_bound_is_an_error()
    {
        var chain = new Dictionary<Digest, IReadOnlyList<Referrer>>();
        var subject = Image;
        for (var i = 0; i < ReferrerTree.MaxDepth + 2; i++)
        {
            var next = Referrer($"level {i}", "application/x");
            chain[subject] = [next];
            subject = next.Descriptor.Digest;
        }

        var e = await Assert.ThrowsAsync<ReferrerGraphException>(() => ReferrerTree.ReadAsync(new MapLister(chain), Image, ReferrerFilter.All));

        Assert.Contains($"deeper than {ReferrerTree.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    private static Referrer Referrer(string content, string artifactType) =>
        new(Descriptor.FromContent(MediaTypes.OciManifest, System.Text.Encoding.UTF8.GetBytes(content)) with { ArtifactType = artifactType }, ReferrerKind.Subject);

    private sealed class MapLister(Dictionary<Digest, IReadOnlyList<Referrer>> referrers) : IReferrerLister
    {
        public async IAsyncEnumerable<Referrer> ListReferrersAsync(Digest subject, ReferrerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var referrer in referrers.GetValueOrDefault(subject, []))
            {
                if (filter.Accepts(referrer.Descriptor.ArtifactType))
                {
                    yield return referrer;
                }
            }
        }
    }

    private sealed class GeneratedLister(int count) : IReferrerLister
    {
        public int Yielded { get; private set; }

        public async IAsyncEnumerable<Referrer> ListReferrersAsync(Digest subject, ReferrerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            for (var i = 0; i < count && subject == Image; i++)
            {
                Yielded++;
                yield return new Referrer(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(BitConverter.GetBytes(i)), Size = 100 }, ReferrerKind.Subject);
            }
        }
    }
}
