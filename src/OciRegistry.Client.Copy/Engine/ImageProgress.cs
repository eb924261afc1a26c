using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// The image-level totals every progress event of a copy carries: the blobs and bytes of the whole plan, and how
/// many of them are done. A blob counts as done when it is skipped, mounted or transferred; its bytes count as they
/// are read (throttled as the blob events are), and in full when it is done. Updated from concurrent transfers.
/// </summary>
internal sealed class ImageProgress(IProgress<CopyProgressEvent>? progress, int blobsTotal, long bytesTotal)
{
    private long _bytesDone;
    private int _blobsDone;

    /// <summary>Credits bytes read of a blob not yet done.</summary>
    public void Advance(long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    /// <summary>Marks a blob done, crediting the bytes of it not credited yet.</summary>
    public void Complete(long remainingBytes)
    {
        Interlocked.Add(ref _bytesDone, remainingBytes);
        Interlocked.Increment(ref _blobsDone);
    }

    /// <summary>Reports an event with the totals as they are now.</summary>
    public void Report(CopyProgressKind kind, Descriptor content, long bytes = 0, Exception? error = null) =>
        progress?.Report(new CopyProgressEvent
        {
            Kind = kind,
            Content = content,
            Bytes = bytes,
            Error = error,
            ImageBlobsDone = Volatile.Read(ref _blobsDone),
            ImageBlobsTotal = blobsTotal,
            ImageBytesDone = Volatile.Read(ref _bytesDone),
            ImageBytesTotal = bytesTotal,
        });
}
