using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Tests.Referrers;

public sealed class ReferrerTagsTests
{
    private static readonly Digest Subject = Digest.Parse("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    [Theory]
    [InlineData(
        "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(
        "sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "sha512-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(
        "test+algorithm+using+algorithm+separators+and+lots+of+characters+to+excercise+overall+truncation:alsoSome=InTheEncodedSectionToShowHyphenReplacementAndLotsAndLotsOfCharactersToExcerciseEncodedTruncation",
        "test-algorithm-using-algorithm-s-alsoSome-InTheEncodedSectionToShowHyphenReplacementAndLotsAndLot")]
    public void The_referrers_tag_follows_the_specification_examples(string digest, string tag) =>
        Assert.Equal(tag, ReferrerTags.ForSubject(Digest.Parse(digest)));

    [Theory]
    [InlineData(".sig", "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.sig")]
    [InlineData(".att", "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.att")]
    [InlineData(".sbom", "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.sbom")]
    public void Cosign_tags_are_the_digest_with_a_dash_and_the_suffix(string suffix, string tag) =>
        Assert.Equal(tag, ReferrerTags.ForCosign(Subject, suffix));

    [Fact]
    public void A_suffix_cosign_does_not_use_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ReferrerTags.ForCosign(Subject, ".sign"));
        Assert.Contains(".sig, .att, .sbom", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosign_attachments_get_cosign_artifact_types() =>
        Assert.Equal(
            ["application/vnd.dev.cosign.artifact.sig.v1+json", "application/vnd.dev.cosign.artifact.att.v1+json", "application/vnd.dev.cosign.artifact.sbom.v1+json"],
            ReferrerTags.CosignSuffixes.Select(ReferrerTags.CosignArtifactType));

    [Fact]
    public void A_filter_without_types_accepts_everything_and_one_with_types_only_those()
    {
        var sboms = new ReferrerFilter { ArtifactTypes = ["application/spdx+json"] };

        Assert.True(ReferrerFilter.All.Accepts(null));
        Assert.True(sboms.Accepts("application/spdx+json"));
        Assert.False(sboms.Accepts("application/vnd.in-toto+json"));
        Assert.False(sboms.Accepts(null));
    }
}
