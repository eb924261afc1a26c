namespace OciRegistry.Client.Http.IntegrationTests.Support;

/// <summary>Reads blobs back through the client, to compare what the registry stored with what was pushed.</summary>
internal static class BlobContent
{
    /// <summary>Reads a blob through FetchBlobAsync and returns its digest and length, hashed as it streams (never held whole).</summary>
    public static async Task<(Digest Digest, long Size)> HashAsync(RegistryRepository repository, Descriptor blob)
    {
        await using var content = await repository.FetchBlobAsync(blob);
        return await HashAsync(content.Stream);
    }

    /// <summary>Hashes what is left of a stream as it reads it, and counts its bytes.</summary>
    public static async Task<(Digest Digest, long Size)> HashAsync(Stream stream)
    {
        using var hash = IncrementalDigest.Create();
        var buffer = new byte[128 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        var size = hash.BytesHashed;
        return (hash.Complete(), size);
    }

    /// <summary>Reads a blob through FetchBlobAsync into memory.</summary>
    public static async Task<byte[]> ReadAllAsync(RegistryRepository repository, Descriptor blob)
    {
        await using var content = await repository.FetchBlobAsync(blob);
        return await ReadAllAsync(content.Stream);
    }

    /// <summary>Reads what is left of a stream into memory.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
