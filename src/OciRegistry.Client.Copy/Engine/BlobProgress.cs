using System.Diagnostics;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Reports the bytes of one blob's transfer, throttled: an event when 1 MiB more was read, or when 100 ms passed
/// with at least 64 KiB more, so that the count of events is bounded by the blob's size over 64 KiB whatever the
/// source's read sizes.
/// </summary>
internal sealed class BlobProgress(Descriptor blob, ImageProgress? progress)
{
    internal const long ByteStep = 1024 * 1024;
    internal const long MinimumStep = 64 * 1024;
    private static readonly long Interval = Stopwatch.Frequency / 10;

    private long _reported;
    private long _reportedAt = Stopwatch.GetTimestamp();

    // The bytes of this blob added to the image's total so far; a restarted blob credits nothing until it passes it.
    private long _credited;

    /// <summary>Gets the bytes read from the source across every attempt.</summary>
    public long TotalRead { get; private set; }

    /// <summary>Marks the blob done in the image's totals, crediting what its byte events did not.</summary>
    public void Complete() => progress?.Complete(Math.Max(0, blob.Size - _credited));

    /// <summary>Starts an attempt: the offset restarts from where the source stream begins.</summary>
    public void Restart(long offset) => _reported = offset;

    /// <summary>Records <paramref name="count"/> bytes read, the transfer being at <paramref name="offset"/>.</summary>
    public void Advance(long count, long offset)
    {
        TotalRead += count;
        if (progress is null)
        {
            return;
        }

        var step = offset - _reported;
        var now = Stopwatch.GetTimestamp();
        if (step >= ByteStep || (step >= MinimumStep && now - _reportedAt >= Interval))
        {
            _reported = offset;
            _reportedAt = now;
            if (offset > _credited)
            {
                progress.Advance(offset - _credited);
                _credited = offset;
            }

            progress.Report(CopyProgressKind.BlobBytes, blob, offset);
        }
    }
}
