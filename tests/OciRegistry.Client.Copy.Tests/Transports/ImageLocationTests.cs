using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class ImageLocationTests
{
    [Theory]
    [InlineData("oci:/tmp/layout", ImageTransport.OciLayout, "/tmp/layout", null, null, "")]
    [InlineData("oci:/tmp/layout:v1", ImageTransport.OciLayout, "/tmp/layout", "v1", null, "v1")]
    [InlineData("oci:rel/dir:a:b", ImageTransport.OciLayout, "rel/dir", "a:b", null, "a:b")]
    [InlineData("oci:/l:@2", ImageTransport.OciLayout, "/l", null, 2, "@2")]
    [InlineData("oci-archive:/x.tar:latest", ImageTransport.OciArchive, "/x.tar", "latest", null, "latest")]
    [InlineData("docker-archive:/x.tar", ImageTransport.DockerArchive, "/x.tar", null, null, "")]
    [InlineData("docker-archive:/x.tar:busybox", ImageTransport.DockerArchive, "/x.tar", "docker.io/library/busybox:latest", null, "docker.io/library/busybox:latest")]
    [InlineData("docker-archive:/x.tar:quay.io/a/b:v2", ImageTransport.DockerArchive, "/x.tar", "quay.io/a/b:v2", null, "quay.io/a/b:v2")]
    [InlineData("docker-archive:/x.tar:@1", ImageTransport.DockerArchive, "/x.tar", null, 1, "@1")]
    [InlineData("dir:/tmp/with:colon", ImageTransport.Directory, "/tmp/with:colon", null, null, "")]
    public void Parses_skopeo_syntax(string text, ImageTransport transport, string path, string? tag, int? index, string sourceReference)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(transport, location.Transport);
        Assert.Equal(path, location.Path);
        Assert.Equal(tag, location.Tag);
        Assert.Equal(index, location.SourceIndex);
        Assert.Equal(sourceReference, location.SourceReference);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/tmp/layout", "transport prefix")]
    [InlineData("docker://busybox", "\"docker\" is not one of")]
    [InlineData("oci:", "needs a path")]
    [InlineData("oci::tag", "needs a path")]
    [InlineData("oci:/l:", "empty")]
    [InlineData("oci:/l:bad tag", "not a valid OCI layout tag")]
    [InlineData("oci:/l:@x", "non-negative number")]
    [InlineData("oci:/l:@-1", "non-negative number")]
    [InlineData("docker-archive:/x.tar:Busybox", "not a valid image reference")]
    [InlineData("docker-archive:/x.tar:busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000", "digest")]
    [InlineData("dir:", "needs a path")]
    public void Refuses_invalid_references_saying_why(string text, string reason)
    {
        var error = Assert.Throws<InvalidReferenceException>(() => ImageLocation.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(ImageLocation.TryParse(text, out _));
    }

    [Theory]
    [InlineData("oci:/l:v1")]
    [InlineData("oci-archive:/x.tar:@3")]
    [InlineData("dir:/d")]
    public void Formats_back_to_the_same_text(string text) => Assert.Equal(text, ImageLocation.Parse(text).ToString());

    [Fact]
    public void A_source_index_is_not_a_destination()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ImageLocation.Parse("oci:/l:@0").CreateDestination());
        Assert.Contains("@0", error.Message, StringComparison.Ordinal);
    }
}
