using System.IO.Pipelines;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Content;

// The small capability interfaces that the registry client, the on-disk transports and in-memory stores implement,
// and that the copy engine composes. Each works within one repository (or one image store); a "reference" is a tag
// or a digest string within it.

/// <summary>Resolves a tag or digest to the descriptor of the manifest it names, without fetching the manifest.</summary>
public interface IManifestResolver
{
    /// <summary>Resolves a tag or digest.</summary>
    /// <param name="reference">A tag, or a digest string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The manifest's media type, digest and size.</returns>
    /// <exception cref="ManifestNotFoundException">Nothing is stored under that reference.</exception>
    Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default);
}

/// <summary>Fetches manifests with their exact bytes.</summary>
public interface IManifestFetcher
{
    /// <summary>Fetches and parses a manifest; when fetched by digest its bytes are verified against it.</summary>
    /// <param name="reference">A tag, or a digest string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ManifestNotFoundException">Nothing is stored under that reference.</exception>
    /// <exception cref="DigestMismatchException">The bytes do not match the digest asked for.</exception>
    Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default);
}

/// <summary>Opens blobs for reading.</summary>
public interface IBlobFetcher
{
    /// <summary>Opens a blob, optionally from an offset so that an interrupted transfer can resume.</summary>
    /// <param name="blob">
    /// The blob's descriptor: its digest, and its size, or -1 when the size is unknown (a Docker schema 1 manifest
    /// names layers without sizes); a blob of unknown size is read from its start, and the returned
    /// <see cref="BlobContent.Size"/> is the size the store reports.
    /// </param>
    /// <param name="offset">The offset to start reading at; 0 for the whole blob.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open blob; the caller disposes it. Its bytes are not verified: the reader hashes them.</returns>
    /// <exception cref="BlobNotFoundException">The blob is not there.</exception>
    Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default);
}

/// <summary>Tells whether a blob is present.</summary>
public interface IBlobChecker
{
    /// <summary>Checks whether a blob is present.</summary>
    /// <param name="blob">The blob's descriptor.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the blob is present.</returns>
    Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default);
}

/// <summary>Stores blobs, verifying them on the way in.</summary>
public interface IBlobPusher
{
    /// <summary>
    /// Stores a blob read from <paramref name="content"/> to its completion. The implementation checks the size and
    /// digest against <paramref name="blob"/> and leaves nothing behind that refers to the content when they differ.
    /// </summary>
    /// <param name="blob">The blob's expected digest and size.</param>
    /// <param name="content">
    /// The blob's bytes, read until the writer completes; not completed by the implementation (the caller completes
    /// it). A pipe lets a destination send or write the buffers as they are, hashing each once; a caller holding a
    /// <see cref="Stream"/> passes <see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the blob is stored.</returns>
    /// <exception cref="DigestMismatchException">The content does not match the descriptor.</exception>
    Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default);
}

/// <summary>Makes a blob of another repository of the same registry available without copying its bytes.</summary>
public interface IBlobMounter
{
    /// <summary>Asks to mount a blob from another repository.</summary>
    /// <param name="blob">The blob to mount.</param>
    /// <param name="sourceRepository">The repository (path, without the registry) that holds the blob.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the blob is now present; <see langword="false"/> when the store declined and the blob must be transferred.</returns>
    Task<bool> TryMountBlobAsync(Descriptor blob, string sourceRepository, CancellationToken cancellationToken = default);
}

/// <summary>Stores manifests with their exact bytes.</summary>
public interface IManifestPusher
{
    /// <summary>Stores a manifest, under a tag or by its digest alone. Every blob it references must be present.</summary>
    /// <param name="manifest">The manifest; its <see cref="Manifest.Content"/> is written exactly.</param>
    /// <param name="tag">The tag to store it under, or <see langword="null"/> to store it by digest.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The descriptor of the stored manifest.</returns>
    Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default);
}

/// <summary>Deletes manifests and blobs.</summary>
public interface IContentDeleter
{
    /// <summary>Deletes a manifest by digest (and with it every tag that points to it).</summary>
    /// <param name="digest">The manifest's digest.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the manifest is deleted.</returns>
    /// <exception cref="ManifestNotFoundException">No such manifest.</exception>
    Task DeleteManifestAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob by digest.</summary>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the blob is deleted.</returns>
    /// <exception cref="BlobNotFoundException">No such blob.</exception>
    Task DeleteBlobAsync(Digest digest, CancellationToken cancellationToken = default);
}

/// <summary>Lists the tags of a repository or image store.</summary>
public interface ITagLister
{
    /// <summary>Lists tags, fetching further pages as the caller iterates.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tags, in the store's order.</returns>
    IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A store that says what it is, beyond the verbs it implements.</summary>
public interface IImageStore
{
    /// <summary>
    /// Gets what the store is: the registry repository it is, what mounts blobs into it, the only manifest format it
    /// holds. Constant over the store's life; a store that wraps another states the other's, or its own.
    /// </summary>
    ImageStoreDescription Description { get; }
}

/// <summary>What the copy engine reads an image from: resolve, fetch manifests, open blobs.</summary>
public interface IImageSource : IImageStore, IManifestResolver, IManifestFetcher, IBlobFetcher
{
}

/// <summary>What the copy engine writes an image to: check and push blobs, push manifests.</summary>
public interface IImageDestination : IImageStore, IBlobChecker, IBlobPusher, IManifestPusher
{
}

/// <summary>A repository that can be read, written, listed and deleted from, such as a registry repository.</summary>
public interface IRepository : IImageSource, IImageDestination, ITagLister, IContentDeleter
{
    /// <summary>Gets the repository's full name, registry included (for example <c>docker.io/library/nginx</c>).</summary>
    string Name { get; }
}
