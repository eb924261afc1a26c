using System.IO.Pipelines;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Content;

/// <summary>
/// Stores blobs read straight from a <see cref="PipeReader"/>, so that a destination can send (or write) the pipe's
/// buffers as they are, hashing each once, instead of copying them out through a <see cref="Stream"/> first. The copy
/// engine uses it when a destination implements it, and <see cref="IBlobPusher"/> otherwise.
/// </summary>
public interface IPipeBlobPusher : IBlobPusher
{
    /// <summary>
    /// Stores a blob read from <paramref name="content"/> to its completion. The implementation checks the size and
    /// digest against <paramref name="blob"/> and leaves nothing behind that refers to the content when they differ.
    /// </summary>
    /// <param name="blob">The blob's expected digest and size.</param>
    /// <param name="content">The blob's bytes; read until the writer completes, and not completed by the implementation (the caller completes it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the blob is stored.</returns>
    /// <exception cref="DigestMismatchException">The content does not match the descriptor.</exception>
    Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default);
}
