using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An OCI archive (<c>oci-archive:PATH[:TAG]</c>, a tar of an OCI image layout) opened for reading. The
/// archive is not extracted: its entries are indexed once and each blob is served by seeking into the tar (a
/// compressed archive (gzip, zstd, xz or bzip2) is decompressed first, within the bound of <see cref="ArchiveReadOptions"/>, into one
/// unnamed temporary file that the system frees however the process ends). References are those of
/// <see cref="OciLayout"/>. Dispose it to close the index and free the temporary file.
/// </summary>
public sealed class OciArchiveSource : IImageSource, ITagLister, IDisposable
{
    /// <inheritdoc/>
    public ImageStoreDescription Description => ImageStoreDescription.Default;

    private readonly TarIndex _tar;
    private readonly OciLayoutReader _reader;

    private OciArchiveSource(TarIndex tar)
    {
        _tar = tar;
        _reader = new OciLayoutReader(tar);
    }

    /// <summary>Gets the archive's path.</summary>
    public string Path => _tar.DisplayName;

    /// <summary>Indexes the archive's entries, refusing unsafe entry names and links.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="options">How far a compressed archive may expand; <see cref="ArchiveReadOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The open archive.</returns>
    /// <exception cref="UnsafePathException">An entry name or link leads outside the archive.</exception>
    /// <exception cref="InvalidImageLayoutException">
    /// The file is not a (plain or compressed) tar archive, has two entries of one name, or decompresses beyond the bound.
    /// </exception>
    public static async Task<OciArchiveSource> OpenAsync(string path, ArchiveReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ArchiveReadOptions.Default;
        return new OciArchiveSource(await TarIndex.OpenAsync(path, options, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        _reader.ResolveAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        _reader.FetchManifestAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default) =>
        _reader.FetchBlobAsync(blob, offset, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) =>
        _reader.ListTagsAsync(cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _tar.Dispose();
}
