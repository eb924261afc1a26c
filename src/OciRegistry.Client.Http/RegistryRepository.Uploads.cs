using System.IO.Pipelines;
using System.Net;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Content;
using OciRegistry.Client.Http.Transport;
using OciRegistry.Client.Http.Uploads;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Http;

public partial class RegistryRepository : IBlobMounter
{
    private const int MaxChunkResends = 3;

    /// <inheritdoc/>
    /// <remarks>
    /// Uploads monolithically, or in one streaming PATCH from <see cref="OciRegistryClientOptions.ChunkedUploadThreshold"/>
    /// on; the request body writes the pipe's segments to the connection as they are, hashing each once, and holds the
    /// last byte back until size and digest are verified. On a mismatch the session is cancelled and
    /// <see cref="DigestMismatchException"/> is thrown.
    /// </remarks>
    /// <exception cref="OciRegistryException">The registry refused the upload.</exception>
#pragma warning disable RS0026, RS0027 // The interface fixes this overload's optional token.
    public virtual async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
#pragma warning restore RS0026, RS0027
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(blob.Size);
        if (!blob.Digest.IsVerifiable)
        {
            throw new UnsupportedDigestAlgorithmException(blob.Digest.Algorithm, null);
        }

        var strategy = AutomaticStrategy(blob);
        RegistryLog.UploadStarting(_logger, blob.Digest.ToString(), blob.Size, Name, strategy);
        var upload = await StartUploadAsync(blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        await CompleteUploadAsync(upload, blob, new PipeReaderContent(content, blob), strategy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a blob read from <paramref name="content"/>, sent the way <paramref name="strategy"/> says. Every byte is
    /// hashed once as it streams; when size or digest differ from <paramref name="blob"/>, the upload is never
    /// completed: the session is cancelled and <see cref="DigestMismatchException"/> is thrown.
    /// </summary>
    /// <param name="blob">The blob's expected digest and size.</param>
    /// <param name="content">The blob's bytes, read once from the current position to the end; not disposed. It need not be seekable.</param>
    /// <param name="strategy">
    /// How to send the bytes. <see cref="UploadStrategy.SingleRequest"/> needs a seekable <paramref name="content"/> to
    /// send the bytes again if the registry opens a session instead; with any other stream it uploads monolithically.
    /// </param>
    /// <param name="cancellationToken">Cancels the upload (and its session).</param>
    /// <returns>A task that completes when the blob is stored.</returns>
    /// <exception cref="DigestMismatchException">The content does not match the descriptor, or the registry says so.</exception>
    /// <exception cref="OciRegistryException">The registry refused the upload.</exception>
    /// <remarks>
    /// Bodies are streamed, never buffered whole, and never sent twice by the retry handler: a failed request fails
    /// the upload. A chunked upload keeps one chunk in memory so that it can resume at the registry's offset after a
    /// 416 answer.
    /// </remarks>
    public virtual async Task PushBlobAsync(Descriptor blob, Stream content, UploadStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(blob.Size);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Not an upload strategy.");
        }

        if (!blob.Digest.IsVerifiable)
        {
            throw new UnsupportedDigestAlgorithmException(blob.Digest.Algorithm, null);
        }

        strategy = strategy switch
        {
            UploadStrategy.Automatic => AutomaticStrategy(blob),
            UploadStrategy.SingleRequest when !content.CanSeek => UploadStrategy.Monolithic,
            _ => strategy,
        };
        RegistryLog.UploadStarting(_logger, blob.Digest.ToString(), blob.Size, Name, strategy);

        BlobUpload upload;
        if (strategy == UploadStrategy.SingleRequest)
        {
            var start = content.Position;
            BlobUpload? session;
            try
            {
                session = await PushInOneRequestAsync(blob, content, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.StatusCode is null && !cancellationToken.IsCancellationRequested)
            {
                // Distribution 2.8 ignores the body of POST ?digest=: it answers 202 and closes the connection while
                // the body is still being written. Whatever the registry did, a monolithic upload settles it (the
                // blob is addressed by its digest), and the stream is seekable, so the bytes are read again.
                RegistryLog.SingleRequestBroken(_logger, blob.Digest, e);
                content.Position = start;
                session = await StartUploadAsync(blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            }

            if (session is null)
            {
                RegistryLog.Uploaded(_logger, blob.Digest, blob.Size, Name);
                return;
            }

            RegistryLog.SingleRequestDeclined(_logger, blob.Digest);
            upload = session;
            strategy = UploadStrategy.Monolithic;
            try
            {
                content.Position = start;
            }
            catch
            {
                await upload.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            upload = await StartUploadAsync(blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        await CompleteUploadAsync(upload, blob, content, strategy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a blob whose size and digest are not known beforehand: its bytes are streamed in one PATCH while they are
    /// hashed, then the upload is completed with the digest computed.
    /// </summary>
    /// <param name="content">The blob's bytes, read once to the end; not disposed.</param>
    /// <param name="mediaType">The media type to put in the returned descriptor.</param>
    /// <param name="cancellationToken">Cancels the upload (and its session).</param>
    /// <returns>The stored blob's descriptor: its sha256 digest and size.</returns>
    /// <exception cref="OciRegistryException">The registry refused the upload.</exception>
    public virtual async Task<Descriptor> PushBlobAsync(Stream content, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        long? length = content.CanSeek ? content.Length - content.Position : null;
        RegistryLog.UploadStarting(_logger, "(unknown digest)", length ?? -1, Name, UploadStrategy.Streaming);
        var upload = await StartUploadAsync("(unknown digest)", cancellationToken).ConfigureAwait(false);
        try
        {
            using var body = new HashingStreamContent(content, length, expected: null);
            await SendStreamingAsync(body, () => upload.PatchAsync(body, cancellationToken)).ConfigureAwait(false);
            var digest = body.ComputedDigest!;
            await upload.CommitAsync(digest, null, cancellationToken).ConfigureAwait(false);
            RegistryLog.Uploaded(_logger, digest, body.BytesRead, Name);
            return new Descriptor { MediaType = mediaType, Digest = digest, Size = body.BytesRead };
        }
        catch
        {
            await upload.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>POST ?mount=&amp;from=</c>: 201 means mounted. A registry that declines opens an upload session instead
    /// (202); that session is cancelled here. <see cref="MountOrPushBlobAsync"/> uses it for the upload instead.
    /// </remarks>
    /// <exception cref="OciRegistryException">The registry refused the request.</exception>
    public virtual async Task<bool> TryMountBlobAsync(Descriptor blob, string sourceRepository, CancellationToken cancellationToken = default)
    {
        var session = await MountAsync(blob, sourceRepository, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return true;
        }

        await session.CancelAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Mounts a blob from another repository of the same registry, or, when the registry declines, uploads it in the
    /// session the registry opened with its answer (no second POST).
    /// </summary>
    /// <param name="blob">The blob's digest and size.</param>
    /// <param name="sourceRepository">The repository (path, without the registry) that holds the blob.</param>
    /// <param name="openContent">Opens the blob's bytes when they must be uploaded; the stream is disposed here. Not called when the blob is mounted.</param>
    /// <param name="cancellationToken">Cancels the mount or upload.</param>
    /// <returns><see langword="true"/> when the blob was mounted, <see langword="false"/> when it was uploaded.</returns>
    /// <exception cref="DigestMismatchException">The content does not match the descriptor.</exception>
    /// <exception cref="OciRegistryException">The registry refused the mount or the upload.</exception>
    public virtual async Task<bool> MountOrPushBlobAsync(
        Descriptor blob, string sourceRepository, Func<CancellationToken, Task<Stream>> openContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(openContent);
        if (!blob.Digest.IsVerifiable)
        {
            throw new UnsupportedDigestAlgorithmException(blob.Digest.Algorithm, null);
        }

        var session = await MountAsync(blob, sourceRepository, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return true;
        }

        Stream content;
        try
        {
            content = await openContent(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.CancelAsync().ConfigureAwait(false);
            throw;
        }

        await using (content.ConfigureAwait(false))
        {
            var strategy = AutomaticStrategy(blob);
            RegistryLog.UploadStarting(_logger, blob.Digest.ToString(), blob.Size, Name, strategy);
            await CompleteUploadAsync(session, blob, content, strategy, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    // What Automatic stands for: the whole blob in the PUT below the threshold, one streaming PATCH from it on.
    private UploadStrategy AutomaticStrategy(Descriptor blob) =>
        blob.Size < _connection.Options.ChunkedUploadThreshold ? UploadStrategy.Monolithic : UploadStrategy.Streaming;

    // POST ?mount=&from=: null when mounted (201), otherwise the session the registry opened (202).
    private async Task<BlobUpload?> MountAsync(Descriptor blob, string sourceRepository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentException.ThrowIfNullOrEmpty(sourceRepository);
        var query = $"blobs/uploads/?mount={Uri.EscapeDataString(blob.Digest.ToString())}&from={Uri.EscapeDataString(sourceRepository)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, await RepositoryUriAsync(query, cancellationToken).ConfigureAwait(false));

        // The mount reads the source: its token needs pull there as well as push here.
        var mountScopes = RegistryAuthScope.Merge([.. PushScopes, RegistryAuthScope.Repository(sourceRepository, RegistryAuthScope.Pull)]);
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, mountScopes).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Accepted))
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.MountBlob, Name, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                RegistryLog.Mounted(_logger, blob.Digest, Name, sourceRepository);
                return null;
            }

            RegistryLog.MountDeclined(_logger, blob.Digest, Name, sourceRepository);
            return BlobUpload.FromAccepted(response, request.RequestUri!, _connection, mountScopes, _logger, Name, blob.Digest.ToString(), RegistryOperation.MountBlob);
        }
    }

    // POST: opens a session (202 with Location).
    private async Task<BlobUpload> StartUploadAsync(string subject, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, await RepositoryUriAsync("blobs/uploads/", cancellationToken).ConfigureAwait(false));
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PushScopes).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.PushBlob, Name, subject, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return BlobUpload.FromAccepted(response, request.RequestUri!, _connection, PushScopes, _logger, Name, subject, RegistryOperation.PushBlob);
        }
    }

    // POST ?digest= with the whole body: null when stored (201), otherwise the session the registry opened (202).
    private async Task<BlobUpload?> PushInOneRequestAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        var uri = await RepositoryUriAsync($"blobs/uploads/?digest={Uri.EscapeDataString(blob.Digest.ToString())}", cancellationToken).ConfigureAwait(false);
        using var body = new HashingStreamContent(content, blob.Size, blob);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body };
        var response = await SendStreamingAsync(
            body, () => _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PushScopes)).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            response.Dispose();
            return null;
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var error = await RegistryConnection.FailAsync(response, RegistryOperation.PushBlob, Name, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            throw BlobUpload.AsDigestMismatch(error, blob.Digest.ToString(), Name);
        }

        using (response)
        {
            return BlobUpload.FromAccepted(response, uri, _connection, PushScopes, _logger, Name, blob.Digest.ToString(), RegistryOperation.PushBlob);
        }
    }

    // Sends the bytes within an open session and completes it; cancels the session when anything fails.
    private async Task CompleteUploadAsync(BlobUpload upload, Descriptor blob, Stream content, UploadStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is UploadStrategy.Monolithic or UploadStrategy.Streaming)
        {
            await CompleteUploadAsync(upload, blob, new HashingStreamContent(content, blob.Size, blob), strategy, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await PushChunkedAsync(upload, blob, content, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await upload.CancelAsync().ConfigureAwait(false);
            throw;
        }

        RegistryLog.Uploaded(_logger, blob.Digest, blob.Size, Name);
    }

    // Sends a verifying body in one request (monolithic: the PUT; streaming: one PATCH, then the PUT) and completes
    // the upload; cancels the session when anything fails. Disposes the body.
    private async Task CompleteUploadAsync(BlobUpload upload, Descriptor blob, HttpContent body, UploadStrategy strategy, CancellationToken cancellationToken)
    {
        using (body)
        {
            try
            {
                if (strategy == UploadStrategy.Monolithic)
                {
                    await SendStreamingAsync(body, () => upload.CommitAsync(blob.Digest, body, cancellationToken)).ConfigureAwait(false);
                }
                else
                {
                    await SendStreamingAsync(body, () => upload.PatchAsync(body, cancellationToken)).ConfigureAwait(false);
                    await upload.CommitAsync(blob.Digest, null, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await upload.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        RegistryLog.Uploaded(_logger, blob.Digest, blob.Size, Name);
    }

    private async Task PushChunkedAsync(BlobUpload upload, Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        long chunkSize = _connection.Options.ChunkSize;
        if (upload.ChunkMinLength is { } min && min > chunkSize)
        {
            if (min > Array.MaxLength)
            {
                throw new OciRegistryException(
                    $"Uploading blob {blob.Digest} to {Name} in chunks: the registry asks for chunks of at least {min} bytes, more than one chunk can hold in memory. Upload it in one streaming request instead.");
            }

            chunkSize = min;
            RegistryLog.ChunkSizeRaised(_logger, min, blob.Digest, chunkSize);
        }

        // One chunk is held so that it can be sent again from the registry's offset; a small blob needs less.
        var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(1, Math.Min(chunkSize, blob.Size)));
        using var hash = IncrementalDigest.For(blob.Digest);
        var offset = 0L;
        while (true)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash.Append(buffer.AsSpan(0, read));
            if (hash.BytesHashed > blob.Size)
            {
                await HashRestAsync(content, hash, buffer, cancellationToken).ConfigureAwait(false);
                break;
            }

            await SendChunkAsync(upload, blob.Digest, buffer.AsMemory(0, read), offset, cancellationToken).ConfigureAwait(false);
            offset += read;
            if (read < buffer.Length)
            {
                break;
            }
        }

        // Nothing is completed with bytes that differ from the descriptor: the caller cancels the session.
        hash.Verify(blob.Digest, blob.Size);
        await upload.CommitAsync(blob.Digest, null, cancellationToken).ConfigureAwait(false);
    }

    // Sends one chunk that starts at chunkStart, resending its tail from wherever the registry says it stopped.
    private async Task SendChunkAsync(BlobUpload upload, Digest digest, ReadOnlyMemory<byte> chunk, long chunkStart, CancellationToken cancellationToken)
    {
        var chunkEnd = chunkStart + chunk.Length;
        var from = chunkStart;
        for (var attempt = 0; ; attempt++)
        {
            var held = await upload.PatchChunkAsync(chunk[(int)(from - chunkStart)..], from, cancellationToken).ConfigureAwait(false);
            if (held == chunkEnd)
            {
                return;
            }

            if (held < chunkStart)
            {
                throw new OciRegistryException(
                    $"Uploading blob {digest} to {Name} in chunks: the registry holds only {held} bytes, but the bytes before {chunkStart} were already sent and can no longer be read again. Upload the blob again.");
            }

            if (held > chunkEnd)
            {
                throw new OciRegistryException(
                    $"Uploading blob {digest} to {Name} in chunks: the registry reports {held} bytes, more than the {chunkEnd} sent.");
            }

            if (attempt == MaxChunkResends)
            {
                throw new OciRegistryException(
                    $"Uploading blob {digest} to {Name} in chunks: the registry kept refusing the chunk at byte {chunkStart} ({MaxChunkResends + 1} attempts).");
            }

            RegistryLog.ChunkResent(_logger, digest, Name, held, attempt + 1);
            from = held;
        }
    }

    // Runs a request whose body streams from the caller's stream; when the body found a mismatch and aborted the
    // request, that mismatch is the error, not the transport error it caused.
    private static async Task<T> SendStreamingAsync<T>(HttpContent body, Func<Task<T>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception e) when (CauseOf(body) is { } cause && e != cause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }
    }

    // What the body itself found wrong (a mismatch, or the failure of the pipe it drains), which caused the transport error.
    private static Exception? CauseOf(HttpContent body) => body switch
    {
        HashingStreamContent hashing => hashing.Mismatch,
        PipeReaderContent pipe => (Exception?)pipe.Mismatch ?? pipe.ReaderFailure,
        _ => null,
    };

    private static async Task SendStreamingAsync(HttpContent body, Func<Task> send) =>
        await SendStreamingAsync(body, async () =>
        {
            await send().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static async Task HashRestAsync(Stream content, IncrementalDigest hash, byte[] buffer, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }
    }
}
