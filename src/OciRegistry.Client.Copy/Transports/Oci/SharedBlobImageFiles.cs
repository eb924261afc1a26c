namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The files of an OCI layout whose blobs live in a directory shared by several layouts: <c>blobs/ALG/ENCODED</c> is
/// <c>ALG/ENCODED</c> in that directory, every other name (<c>index.json</c>, <c>oci-layout</c>) is in the layout.
/// </summary>
/// <param name="layout">The layout directory's files.</param>
/// <param name="sharedBlobs">The shared blob directory's files.</param>
internal sealed class SharedBlobImageFiles(IImageFiles layout, IImageFiles sharedBlobs) : IImageFiles
{
    private const string BlobsPrefix = "blobs/";

    public string DisplayName => $"{layout.DisplayName} (blobs in {sharedBlobs.DisplayName})";

    public long? GetLength(string name) =>
        IsBlob(name) ? sharedBlobs.GetLength(name[BlobsPrefix.Length..]) : layout.GetLength(name);

    public Stream? OpenRead(string name) =>
        IsBlob(name) ? sharedBlobs.OpenRead(name[BlobsPrefix.Length..]) : layout.OpenRead(name);

    private static bool IsBlob(string name) => name.StartsWith(BlobsPrefix, StringComparison.Ordinal);
}
