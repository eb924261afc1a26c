using System.Net;

namespace OciRegistry.Client.Http.Uploads;

/// <summary>
/// One chunk of a chunked upload, held in memory so that it can be sent again after the registry reports a
/// different offset. Deliberately not a <see cref="ReadOnlyMemoryContent"/>: the retry handler must not replay a
/// PATCH on its own, since the registry may have taken part of it; the upload recovers through a status request.
/// </summary>
internal sealed class ChunkContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _chunk;

    public ChunkContent(ReadOnlyMemory<byte> chunk)
    {
        _chunk = chunk;
        Headers.ContentType = new("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_chunk).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_chunk, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _chunk.Length;
        return true;
    }
}
