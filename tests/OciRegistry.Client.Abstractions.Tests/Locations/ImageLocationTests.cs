namespace OciRegistry.Client.Tests.Locations;

public sealed class ImageLocationTests
{
    private const string Sha256 = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("docker://nginx", "docker.io/library/nginx", null, "latest", "latest")]
    [InlineData("docker://nginx:1.27", "docker.io/library/nginx:1.27", "1.27", "1.27", "1.27")]
    [InlineData("docker://localhost:5000/team/app:v1", "localhost:5000/team/app:v1", "v1", "v1", "v1")]
    [InlineData("docker://ghcr.io/org/app@" + Sha256, "ghcr.io/org/app@" + Sha256, null, Sha256, null)]
    [InlineData("docker://ghcr.io/org/app:v2@" + Sha256, "ghcr.io/org/app:v2@" + Sha256, "v2", Sha256, "v2")]
    public void Parses_a_registry_reference_normalised_and_reads_it_as_latest_without_tag_or_digest(
        string text, string reference, string? tag, string sourceReference, string? destinationTag)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(ImageTransport.Registry, location.Transport);
        Assert.Equal(ImageReference.Parse(reference), location.RegistryReference);
        Assert.Null(location.Path);
        Assert.Equal(tag, location.Tag);
        Assert.Null(location.SourceIndex);
        Assert.Equal(sourceReference, location.SourceReference);
        Assert.Equal(destinationTag, location.DestinationTag);
    }

    [Theory]
    [InlineData("oci:/tmp/layout", ImageTransport.OciLayout, "/tmp/layout", null, null, "", null)]
    [InlineData("oci:/tmp/layout:v1", ImageTransport.OciLayout, "/tmp/layout", "v1", null, "v1", "v1")]
    [InlineData("oci:rel/dir:a:b", ImageTransport.OciLayout, "rel/dir", "a:b", null, "a:b", "a:b")]
    [InlineData("oci:/l:@2", ImageTransport.OciLayout, "/l", null, 2, "@2", null)]
    [InlineData("oci-archive:/x.tar", ImageTransport.OciArchive, "/x.tar", null, null, "", null)]
    [InlineData("oci-archive:/x.tar:latest", ImageTransport.OciArchive, "/x.tar", "latest", null, "latest", "latest")]
    [InlineData("oci-archive:/x.tar:@0", ImageTransport.OciArchive, "/x.tar", null, 0, "@0", null)]
    [InlineData("docker-archive:/x.tar", ImageTransport.DockerArchive, "/x.tar", null, null, "", null)]
    [InlineData("docker-archive:/x.tar:busybox", ImageTransport.DockerArchive, "/x.tar", "docker.io/library/busybox:latest", null, "docker.io/library/busybox:latest", "docker.io/library/busybox:latest")]
    [InlineData("docker-archive:/x.tar:quay.io/a/b:v2", ImageTransport.DockerArchive, "/x.tar", "quay.io/a/b:v2", null, "quay.io/a/b:v2", "quay.io/a/b:v2")]
    [InlineData("docker-archive:/x.tar:@1", ImageTransport.DockerArchive, "/x.tar", null, 1, "@1", null)]
    [InlineData("dir:/tmp/d", ImageTransport.Directory, "/tmp/d", null, null, "", null)]
    [InlineData("dir:/tmp/with:colon@sha256:x", ImageTransport.Directory, "/tmp/with:colon@sha256:x", null, null, "", null)]
    public void Parses_the_on_disk_transports_with_the_path_ending_at_the_first_colon_except_for_dir(
        string text, ImageTransport transport, string path, string? tag, int? index, string sourceReference, string? destinationTag)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(transport, location.Transport);
        Assert.Null(location.RegistryReference);
        Assert.Equal(path, location.Path);
        Assert.Equal(tag, location.Tag);
        Assert.Equal(index, location.SourceIndex);
        Assert.Equal(sourceReference, location.SourceReference);
        Assert.Equal(destinationTag, location.DestinationTag);
    }

    [Theory]
    [InlineData("", "Invalid image name \"\", expected colon-separated transport:reference")]
    [InlineData("nginx", "Invalid image name \"nginx\", expected colon-separated transport:reference")]
    [InlineData("/tmp/layout", "Invalid image name \"/tmp/layout\", expected colon-separated transport:reference")]
    [InlineData(":x", "Invalid image name \":x\", expected colon-separated transport:reference")]
    [InlineData("foo:bar", "Invalid image name \"foo:bar\", unknown transport \"foo\"")]
    [InlineData("docker-daemon:x:1", "Invalid image name \"docker-daemon:x:1\": the transport \"docker-daemon\" is not supported (docker, oci, oci-archive, docker-archive, dir are)")]
    [InlineData("containers-storage:x", "Invalid image name \"containers-storage:x\": the transport \"containers-storage\" is not supported (docker, oci, oci-archive, docker-archive, dir are)")]
    [InlineData("docker:nginx", "Invalid image name \"docker:nginx\": docker: image reference nginx does not start with //")]
    [InlineData("docker://nginx/X", "Invalid image name \"docker://nginx/X\": Invalid image reference \"nginx/X\": ")]
    [InlineData("docker://", "Invalid image name \"docker://\": Invalid image reference \"\": ")]
    [InlineData("oci:", "Invalid image name \"oci:\": oci: needs a path")]
    [InlineData("oci::tag", "Invalid image name \"oci::tag\": oci: needs a path")]
    [InlineData("oci-archive:", "Invalid image name \"oci-archive:\": oci-archive: needs a path")]
    [InlineData("oci:/l:", "Invalid image name \"oci:/l:\": the reference after ':' is empty")]
    [InlineData("oci:/l:bad tag", "Invalid image name \"oci:/l:bad tag\": \"bad tag\" is not a valid OCI layout tag")]
    [InlineData("oci:/l:@x", "Invalid image name \"oci:/l:@x\": the source index \"@x\" must be @ followed by a non-negative number")]
    [InlineData("oci:/l:@-1", "Invalid image name \"oci:/l:@-1\": the source index \"@-1\" must be @ followed by a non-negative number")]
    [InlineData("docker-archive:/x.tar:Busybox", "Invalid image name \"docker-archive:/x.tar:Busybox\": \"Busybox\" is not a valid image reference (NAME[:TAG])")]
    [InlineData("docker-archive:/x.tar:busybox@" + Sha256, "Invalid image name \"docker-archive:/x.tar:busybox@" + Sha256 + "\": \"busybox@" + Sha256 + "\" has a digest; a docker archive reference must be NAME[:TAG]")]
    [InlineData("dir:", "Invalid image name \"dir:\": dir: needs a path")]
    public void Refuses_invalid_text_naming_it_and_saying_why(string text, string message)
    {
        var error = Assert.Throws<InvalidReferenceException>(() => ImageLocation.Parse(text));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(text, error.Reference);
        Assert.EndsWith(error.Reason!, error.Message, StringComparison.Ordinal);
        Assert.False(ImageLocation.TryParse(text, out _));
    }

    [Fact]
    public void A_registry_reference_that_does_not_parse_carries_the_reference_error_as_its_cause()
    {
        var error = Assert.Throws<InvalidReferenceException>(() => ImageLocation.Parse("docker://nginx/X"));

        var cause = Assert.IsType<InvalidReferenceException>(error.InnerException);
        Assert.Equal("nginx/X", cause.Reference);
        Assert.Equal($"Invalid image name \"docker://nginx/X\": {cause.Message}", error.Message);
    }

    [Theory]
    [InlineData("docker://docker.io/library/nginx")]
    [InlineData("docker://docker.io/library/nginx:latest")]
    [InlineData("docker://localhost:5000/a/b@" + Sha256)]
    [InlineData("docker://ghcr.io/o/a:v1@" + Sha256)]
    [InlineData("oci:/l")]
    [InlineData("oci:/l:v1")]
    [InlineData("oci:/l:@0")]
    [InlineData("oci-archive:/x.tar:@3")]
    [InlineData("oci-archive:rel.tar:a:b")]
    [InlineData("docker-archive:/x.tar")]
    [InlineData("docker-archive:/x.tar:docker.io/library/busybox:latest")]
    [InlineData("dir:/d")]
    [InlineData("dir:/d/with:colon")]
    public void Formats_back_to_the_text_it_was_parsed_from(string text)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(text, location.ToString());
        Assert.Equal(location, ImageLocation.Parse(location.ToString()));
    }

    [Theory]
    [InlineData("docker://nginx:1", "docker://docker.io/library/nginx:1")]
    [InlineData("docker://library/nginx", "docker://docker.io/library/nginx")]
    [InlineData("docker-archive:/x.tar:busybox", "docker-archive:/x.tar:docker.io/library/busybox:latest")]
    public void Formats_normalised_names_in_full(string text, string formatted) =>
        Assert.Equal(formatted, ImageLocation.Parse(text).ToString());

    [Fact]
    public void Locations_are_equal_when_their_texts_are()
    {
        Assert.Equal(ImageLocation.Parse("docker://nginx:1"), ImageLocation.Parse("docker://docker.io/library/nginx:1"));
        Assert.Equal(ImageLocation.Parse("docker://nginx:1").GetHashCode(), ImageLocation.Parse("docker://docker.io/library/nginx:1").GetHashCode());
        Assert.NotEqual(ImageLocation.Parse("docker://nginx"), ImageLocation.Parse("docker://nginx:latest"));
        Assert.NotEqual(ImageLocation.Parse("oci:/l:v1"), ImageLocation.Parse("oci-archive:/l:v1"));
    }

    [Fact]
    public void Builds_registry_and_directory_locations_equal_to_their_parsed_texts()
    {
        var registry = ImageLocation.Registry(ImageReference.Parse("localhost:5000/a/b:v1"));
        var directory = ImageLocation.Directory("/srv/mirror/b:v1");

        Assert.Equal(ImageLocation.Parse("docker://localhost:5000/a/b:v1"), registry);
        Assert.Equal("docker://localhost:5000/a/b:v1", registry.ToString());
        Assert.Equal(ImageLocation.Parse("dir:/srv/mirror/b:v1"), directory);
        Assert.Equal("/srv/mirror/b:v1", directory.Path);
        Assert.Throws<ArgumentException>(() => ImageLocation.Directory(string.Empty));
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("a:b", true)]
    [InlineData("org/app--x+y@z", true)]
    [InlineData("", false)]
    [InlineData("bad tag", false)]
    [InlineData("-v1", false)]
    [InlineData("a//b", false)]
    [InlineData(null, false)]
    public void Checks_layout_tags_against_the_ref_name_grammar(string? tag, bool valid) =>
        Assert.Equal(valid, ImageLocation.IsValidLayoutTag(tag));
}
