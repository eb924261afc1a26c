using OciRegistry.Client.Copy.Tests.Support;

namespace OciRegistry.Client.Copy.Tests.Engine;

/// <summary>A registry racing another writer may refuse a manifest whose blobs were all verified present.</summary>
public sealed class ManifestPushRaceTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Theory]
    [InlineData("DIGEST_INVALID")]
    [InlineData("MANIFEST_BLOB_UNKNOWN")]
    public async Task A_manifest_refused_for_a_verified_blob_is_pushed_again_and_the_copy_completes(string code)
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 2000, 1)], tag: "v1");
        var destination = new InMemoryImageStore
        {
            ManifestPushFault = (_, attempt) =>
            {
                if (attempt <= 2)
                {
                    throw Refusal(code);
                }
            },
        };

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(result.Manifest.Digest, destination.GetManifest("v1").Digest);
    }

    [Fact]
    public async Task A_manifest_refused_every_time_fails_the_copy_with_the_registry_error()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 2000, 2)], tag: "v1");
        var attempts = 0;
        var destination = new InMemoryImageStore { ManifestPushFault = (_, attempt) => throw Refusal("DIGEST_INVALID", attempts = attempt) };

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options()));

        Assert.Equal(RegistryErrorCode.DigestInvalid, error.ErrorCode);
        Assert.Equal(4, attempts);
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task Other_manifest_refusals_are_not_retried()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 2000, 3)], tag: "v1");
        var attempts = 0;
        var destination = new InMemoryImageStore { ManifestPushFault = (_, attempt) => throw Refusal("MANIFEST_INVALID", attempts = attempt) };

        await Assert.ThrowsAsync<OciRegistryException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options()));

        Assert.Equal(1, attempts);
    }

    private static OciRegistryException Refusal(string code, int attempt = 0) =>
        new(
            $"refused ({code}, attempt {attempt})",
            new RegistryErrorDetails(RegistryOperation.PushManifest, "test", System.Net.HttpStatusCode.BadRequest, [new RegistryError(new RegistryErrorCode(code), "refused")]));
}
