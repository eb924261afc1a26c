namespace OciRegistry.Client.Tests.References;

public sealed class ImageReferenceTests
{
    private static readonly Digest SomeDigest = Digest.Parse(ReferenceCases.Sha256F);

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx", "nginx")]
    [InlineData("nginx:latest", "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("library/nginx:latest", "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("docker.io/nginx:latest", "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("index.docker.io/library/nginx:latest", "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("index.docker.io/bitnami/redis", "docker.io/bitnami/redis", "bitnami/redis")]
    [InlineData("bitnami/redis:7", "docker.io/bitnami/redis:7", "bitnami/redis:7")]
    [InlineData("ghcr.io/org/app:1", "ghcr.io/org/app:1", "ghcr.io/org/app:1")]
    [InlineData("quay.io/library/app", "quay.io/library/app", "quay.io/library/app")]
    [InlineData("localhost:5000/app", "localhost:5000/app", "localhost:5000/app")]
    public void Formats_canonical_and_familiar_forms(string input, string canonical, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(familiar, reference.ToFamiliarString());
    }

    [Fact]
    public void A_canonical_input_is_returned_as_is()
    {
        const string input = "ghcr.io/org/app:1";

        Assert.Same(input, ImageReference.Parse(input).ToString());
    }

    [Theory]
    [InlineData("nginx", "registry-1.docker.io")]
    [InlineData("docker.io/library/nginx", "registry-1.docker.io")]
    [InlineData("index.docker.io/library/nginx", "registry-1.docker.io")]
    [InlineData("ghcr.io/org/app", "ghcr.io")]
    [InlineData("localhost:5000/app", "localhost:5000")]
    [InlineData("[::1]:5000/app", "[::1]:5000")]
    [InlineData("registry-1.docker.io/library/nginx", "registry-1.docker.io")]
    public void ApiEndpoint_maps_Docker_Hub_to_its_API_host(string input, string endpoint)
    {
        Assert.Equal(endpoint, ImageReference.Parse(input).ApiEndpoint);
    }

    [Fact]
    public void IPv6_registry_keeps_brackets_and_port()
    {
        var reference = ImageReference.Parse("[2001:db8::1]:5000/team/app:v1@" + ReferenceCases.Sha256F);

        Assert.Equal("[2001:db8::1]:5000", reference.Registry);
        Assert.Equal("team/app", reference.Repository);
        Assert.Equal("v1", reference.Tag);
        Assert.Equal(SomeDigest, reference.Digest);
        Assert.Equal("[2001:db8::1]:5000/team/app", reference.Name);
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_keeps_the_digest()
    {
        var reference = ImageReference.Parse("test.com:8000/foo:old@" + ReferenceCases.Sha256F);

        var retagged = reference.WithTag("TAG5");

        Assert.Equal("test.com:8000/foo:TAG5@" + ReferenceCases.Sha256F, retagged.ToString());
        Assert.Equal("test.com:8000/foo:old@" + ReferenceCases.Sha256F, reference.ToString());
    }

    [Theory]
    [InlineData("test.com/foo", "tag", "test.com/foo:tag", "test.com/foo:tag")]
    [InlineData("foo", "tag2", "docker.io/library/foo:tag2", "foo:tag2")]
    [InlineData("test.com:8000/foo", "tag4", "test.com:8000/foo:tag4", "test.com:8000/foo:tag4")]
    [InlineData("test.com:8000/foo", "TAG5", "test.com:8000/foo:TAG5", "test.com:8000/foo:TAG5")]
    public void WithTag_matches_distribution(string name, string tag, string canonical, string familiar)
    {
        var tagged = ImageReference.Parse(name).WithTag(tag);

        Assert.Equal(canonical, tagged.ToString());
        Assert.Equal(familiar, tagged.ToFamiliarString());
        Assert.Equal(tagged, ImageReference.Parse(canonical));
    }

    [Theory]
    [InlineData("-foo")]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("a b")]
    public void WithTag_rejects_an_invalid_tag(string tag)
    {
        var e = Assert.Throws<ArgumentException>(() => ImageReference.Parse("busybox").WithTag(tag));

        Assert.Equal("tag", e.ParamName);
        Assert.Contains("not a valid tag", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTag_rejects_a_129_character_tag()
    {
        Assert.Throws<ArgumentException>(() => ImageReference.Parse("busybox").WithTag(new string('t', 129)));
        Assert.Equal(128, ImageReference.Parse("busybox").WithTag(new string('t', 128)).Tag!.Length);
    }

    [Theory]
    [InlineData("test.com/foo", "test.com/foo@")]
    [InlineData("foo", "docker.io/library/foo@")]
    [InlineData("test.com:8000/foo", "test.com:8000/foo@")]
    [InlineData("test.com:8000/foo:latest", "test.com:8000/foo:latest@")]
    public void WithDigest_pins_and_keeps_the_tag(string name, string expectedPrefix)
    {
        var pinned = ImageReference.Parse(name).WithDigest(SomeDigest);

        Assert.Equal(expectedPrefix + ReferenceCases.Sha256F, pinned.ToString());
        Assert.Equal(SomeDigest, pinned.Digest);
    }

    [Fact]
    public void WithDigest_rejects_an_algorithm_that_cannot_be_verified()
    {
        var md5 = Digest.Parse("md5:" + new string('0', 32));

        var e = Assert.Throws<ArgumentException>(() => ImageReference.Parse("busybox").WithDigest(md5));
        Assert.Contains("md5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox:latest", "docker.io/library/busybox:latest")]
    [InlineData("busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/busybox:latest", "docker.io/library/busybox:latest")]
    [InlineData("library/busybox:latest", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/library/busybox:latest", "docker.io/library/busybox:latest")]
    [InlineData("gcr.io/library/busybox", "gcr.io/library/busybox:latest")]
    [InlineData("gcr.io/library/busybox:1@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "gcr.io/library/busybox:1@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582")]
    public void WithDefaultTag_adds_latest_only_when_there_is_neither_tag_nor_digest(string input, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(input).WithDefaultTag().ToString());
    }

    [Fact]
    public void WithDefaultTag_returns_the_same_instance_when_nothing_changes()
    {
        var tagged = ImageReference.Parse("nginx:1");

        Assert.Same(tagged, tagged.WithDefaultTag());
        Assert.Same(tagged, tagged.WithTag("1"));
    }

    [Fact]
    public void Equal_references_are_equal_however_they_were_spelled()
    {
        string[] spellings =
        [
            "nginx:1", "library/nginx:1", "docker.io/nginx:1", "docker.io/library/nginx:1",
            "index.docker.io/nginx:1", "index.docker.io/library/nginx:1",
        ];
        var first = ImageReference.Parse(spellings[0]);

        foreach (var spelling in spellings)
        {
            var other = ImageReference.Parse(spelling);
            Assert.Equal(first, other);
            Assert.True(first == other);
            Assert.False(first != other);
            Assert.Equal(first.GetHashCode(), other.GetHashCode());
            Assert.True(first.Equals((object)other));
        }
    }

    [Theory]
    [InlineData("nginx:1", "nginx:2")]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("nginx:1", "nginx:1@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("a/nginx", "b/nginx")]
    [InlineData("ghcr.io/nginx", "quay.io/nginx")]
    [InlineData("Foo/bar", "foo.com/bar")]
    [InlineData("nginx:Latest", "nginx:latest")]
    public void Different_references_are_not_equal(string left, string right)
    {
        var a = ImageReference.Parse(left);
        var b = ImageReference.Parse(right);

        Assert.NotEqual(a, b);
        Assert.True(a != b);
        Assert.False(a.Equals(null));
        Assert.False(a == null);
    }

    [Fact]
    public void Null_references_compare_equal_only_to_null()
    {
        ImageReference? none = null;

        Assert.True(none == null);
        Assert.False(none == ImageReference.Parse("nginx"));
    }

    [Fact]
    public void Works_as_a_dictionary_key()
    {
        var set = new HashSet<ImageReference> { ImageReference.Parse("nginx"), ImageReference.Parse("docker.io/library/nginx") };

        Assert.Single(set);
    }
}
