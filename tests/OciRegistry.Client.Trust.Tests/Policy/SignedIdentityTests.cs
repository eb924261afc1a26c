using OciRegistry.Client.Trust.Policy;

namespace OciRegistry.Client.Trust.Tests.Policy;

public sealed class SignedIdentityTests
{
    private const string Digest = "sha256:0123456789012345678901234567890123456789012345678901234567890123";

    private static ImageReference R(string text) => ImageReference.Parse(text);

    [Theory]
    [InlineData("example.com/app:1", "example.com/app:1", true)]
    [InlineData("example.com/app:1", "example.com/app:2", false)]
    [InlineData("example.com/app@" + Digest, "example.com/app:anything", true)]
    [InlineData("example.com/app@" + Digest, "example.com/other:1", false)]
    [InlineData("busybox:latest", "docker.io/library/busybox:latest", true)]
    public void MatchRepoDigestOrExact_takes_any_tag_of_the_repository_only_for_a_digest(string image, string signed, bool matches) =>
        Assert.Equal(matches, new MatchRepoDigestOrExact().Matches(R(image), R(signed)));

    [Fact]
    public void MatchExact_needs_the_same_tag_or_digest()
    {
        Assert.True(new MatchExact().Matches(R("example.com/app:1"), R("example.com/app:1")));
        Assert.False(new MatchExact().Matches(R("example.com/app@" + Digest), R("example.com/app:1")));
    }

    [Fact]
    public void MatchRepository_ignores_tags()
    {
        Assert.True(new MatchRepository().Matches(R("example.com/app:1"), R("example.com/app:2")));
        Assert.False(new MatchRepository().Matches(R("example.com/app:1"), R("example.com/app2:1")));
    }

    [Fact]
    public void ExactReference_and_ExactRepository_ignore_the_image_name()
    {
        Assert.True(new ExactReference(R("example.com/x:1")).Matches(R("mirror.local/y:9"), R("example.com/x:1")));
        Assert.False(new ExactReference(R("example.com/x:1")).Matches(R("mirror.local/y:9"), R("example.com/x:2")));
        Assert.True(new ExactRepository(R("example.com/x")).Matches(R("mirror.local/y:9"), R("example.com/x:2")));
    }

    [Fact]
    public void RemapIdentity_replaces_the_prefix_at_a_path_boundary()
    {
        var remap = new RemapIdentity("mirror.local/ns", "example.com/team");

        Assert.True(remap.Matches(R("mirror.local/ns/app:1"), R("example.com/team/app:1")));
        Assert.False(remap.Matches(R("mirror.local/ns/app:1"), R("mirror.local/ns/app:2")));
        // "mirror.local/nsx" does not start with the prefix at a boundary: judged under its own name.
        Assert.True(remap.Matches(R("mirror.local/nsx/app:1"), R("mirror.local/nsx/app:1")));
    }
}
