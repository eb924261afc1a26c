using System.Security.Cryptography;

namespace OciRegistry.Client.Http.IntegrationTests.Blobs;

public sealed class BlobTests(RegistryFixture registry, ITestOutputHelper output) : RegistryTests<RegistryFixture>(registry, output), IClassFixture<RegistryFixture>
{
    private async Task<(RegistryRepository Repository, ImageManifest Image)> PushAsync(string prefix)
    {
        var (repository, _) = await PushTestImageAsync(prefix);
        return (repository, (await repository.FetchManifestAsync("v1")).Image!);
    }

    [Fact]
    public async Task Config_and_layer_exist_and_stream_to_their_digests()
    {
        var (repository, image) = await PushAsync("blobs/fetch");

        foreach (var blob in new[] { image.Config }.Concat(image.Layers))
        {
            Assert.True(await repository.BlobExistsAsync(blob));
            await using var content = await repository.FetchBlobAsync(blob);
            Assert.Equal(0, content.Offset);
            Assert.Equal(blob.Size, content.Size);
            var bytes = await BlobContent.ReadAllAsync(content.Stream);
            Assert.Equal(blob.Size, bytes.Length);
            Assert.Equal(blob.Digest, Digest.Compute(bytes));
        }
    }

    [Fact]
    public async Task A_ranged_fetch_returns_the_rest_of_the_blob()
    {
        var (repository, image) = await PushAsync("blobs/range");
        var layer = image.Layers[0];
        await using var whole = await repository.FetchBlobAsync(layer);
        var all = await BlobContent.ReadAllAsync(whole.Stream);

        foreach (var offset in new[] { 1L, layer.Size / 2, layer.Size - 1 })
        {
            await using var rest = await repository.FetchBlobAsync(layer, offset);
            Assert.Equal(offset, rest.Offset);
            Assert.Equal(all[(int)offset..], await BlobContent.ReadAllAsync(rest.Stream));
        }

        // The bytes before the offset and the ranged rest hash to the descriptor together.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(all.AsSpan(0, 10));
        await using (var tail = await repository.FetchBlobAsync(layer, 10))
        {
            hash.AppendData(await BlobContent.ReadAllAsync(tail.Stream));
        }

        Assert.Equal(layer.Digest.Encoded, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    [Fact]
    public async Task A_fetch_from_the_end_of_the_blob_is_empty()
    {
        var (repository, image) = await PushAsync("blobs/end");
        var layer = image.Layers[0];

        await using var rest = await repository.FetchBlobAsync(layer, layer.Size);

        Assert.Empty(await BlobContent.ReadAllAsync(rest.Stream));
        Assert.Equal(layer.Size, rest.Offset);
    }

    [Fact]
    public async Task A_deleted_blob_no_longer_exists()
    {
        var (repository, image) = await PushAsync("blobs/delete");
        var layer = image.Layers[0];

        await repository.DeleteBlobAsync(layer.Digest);

        Assert.False(await repository.BlobExistsAsync(layer));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => repository.FetchBlobAsync(layer));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => repository.DeleteBlobAsync(layer.Digest));
    }

    [Fact]
    public async Task A_missing_blob_is_blob_not_found()
    {
        var (repository, _) = await PushAsync("blobs/missing");
        var missing = Descriptor.FromContent(MediaTypes.OciLayerGzip, "not in the registry"u8);

        Assert.False(await repository.BlobExistsAsync(missing));
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => repository.FetchBlobAsync(missing));

        Assert.Equal(RegistryErrorCode.BlobUnknown, error.ErrorCode);
        Assert.Contains(missing.Digest.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_of_a_repository_that_does_not_exist_is_blob_not_found()
    {
        var repository = Client.Repository(Registry.NewRepository("blobs/norepo"));
        var missing = Descriptor.FromContent(MediaTypes.OciLayerGzip, "not in the registry"u8);

        Assert.False(await repository.BlobExistsAsync(missing));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => repository.FetchBlobAsync(missing));
    }

    [Fact]
    public async Task A_blob_whose_size_differs_from_the_descriptor_counts_as_absent_and_fails_to_fetch()
    {
        var (repository, image) = await PushAsync("blobs/size");
        var wrong = image.Layers[0] with { Size = image.Layers[0].Size + 1 };

        Assert.False(await repository.BlobExistsAsync(wrong));
        await Assert.ThrowsAsync<DigestMismatchException>(() => repository.FetchBlobAsync(wrong));
    }
}
