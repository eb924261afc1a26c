using OciRegistry.Client.Models;

namespace OciRegistry.Client.Tests.Models;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData(MediaTypes.OciManifest, true, false, false)]
    [InlineData(MediaTypes.DockerManifest, true, false, false)]
    [InlineData(MediaTypes.OciIndex, false, true, false)]
    [InlineData(MediaTypes.DockerManifestList, false, true, false)]
    [InlineData(MediaTypes.DockerSchema1Manifest, false, false, true)]
    [InlineData(MediaTypes.DockerSchema1SignedManifest, false, false, true)]
    [InlineData("application/vnd.example.unknown+json", false, false, false)]
    public void Classifies_manifest_types(string mediaType, bool image, bool index, bool schema1)
    {
        Assert.Equal(image, MediaTypes.IsImageManifest(mediaType));
        Assert.Equal(index, MediaTypes.IsIndex(mediaType));
        Assert.Equal(schema1, MediaTypes.IsSchema1(mediaType));
        Assert.Equal(image || index || schema1, MediaTypes.IsManifest(mediaType));
    }

    [Theory]
    [InlineData(MediaTypes.OciLayer, false)]
    [InlineData(MediaTypes.OciLayerGzip, false)]
    [InlineData(MediaTypes.OciLayerZstd, false)]
    [InlineData(MediaTypes.DockerLayerGzip, false)]
    [InlineData(MediaTypes.DockerForeignLayerGzip, true)]
    [InlineData(MediaTypes.OciLayerNonDistributable, true)]
    [InlineData(MediaTypes.OciLayerNonDistributableGzip, true)]
    [InlineData(MediaTypes.OciLayerNonDistributableZstd, true)]
    public void Classifies_layer_types(string mediaType, bool nonDistributable)
    {
        Assert.True(MediaTypes.IsLayer(mediaType));
        Assert.True(MediaTypes.IsKnown(mediaType));
        Assert.Equal(nonDistributable, MediaTypes.IsNonDistributable(mediaType));
    }

    [Fact]
    public void Unknown_types_are_not_errors_just_unknown()
    {
        Assert.False(MediaTypes.IsKnown("application/vnd.cncf.helm.chart.content.v1.tar+gzip"));
        Assert.False(MediaTypes.IsLayer(null));
        Assert.True(MediaTypes.IsImageConfig(MediaTypes.OciConfig));
        Assert.True(MediaTypes.IsImageConfig(MediaTypes.DockerConfig));
        Assert.True(MediaTypes.IsKnown(MediaTypes.OciEmpty));
    }

    [Theory]
    [InlineData("application/vnd.oci.image.manifest.v1+json; charset=utf-8", MediaTypes.OciManifest)]
    [InlineData("  application/json ", "application/json")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData(";", null)]
    public void Normalize_strips_parameters_and_blanks(string? contentType, string? expected)
    {
        Assert.Equal(expected, MediaTypes.Normalize(contentType));
    }

    [Fact]
    public void Accept_list_prefers_indexes_then_manifests_and_covers_every_readable_type()
    {
        Assert.Equal(MediaTypes.OciIndex, MediaTypes.AcceptedManifestTypes[0]);
        Assert.All(MediaTypes.AcceptedManifestTypes, t => Assert.True(MediaTypes.IsManifest(t)));
        Assert.Equal(6, MediaTypes.AcceptedManifestTypes.Count);
    }

    [Fact]
    public void Empty_descriptor_is_the_published_one()
    {
        Assert.Equal("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", Descriptor.Empty.Digest.ToString());
        Assert.Equal(2, Descriptor.Empty.Size);
        Assert.Equal(Descriptor.Empty.Digest, Digest.Compute("{}"u8));
        Assert.Equal(Descriptor.Empty.Digest, Descriptor.FromContent(MediaTypes.OciEmpty, "{}"u8).Digest);
    }
}
