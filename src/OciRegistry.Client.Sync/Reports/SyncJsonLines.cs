using System.Text.Json;
using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync.Reports;

/// <summary>
/// Turns sync events into JSON lines (<see cref="SyncReport.EventSchema"/>): <c>image-started</c>,
/// <c>image-finished</c> (with the status and digests), <c>tag-pruned</c> and <c>blob-done</c> (sent, skipped or
/// mounted). Byte counts of blobs in flight are left out: a line per throttled tick would drown a CI log.
/// </summary>
internal sealed class SyncJsonLines(TextWriter writer) : IProgress<SyncProgressEvent>
{
    private readonly Lock _lock = new();

    public void Report(SyncProgressEvent value)
    {
        var source = value.Source.Length == 0 ? null : value.Source;
        var now = DateTimeOffset.UtcNow;
        SyncEventLine? line = value.Kind switch
        {
            SyncProgressKind.ImageStarted => new(SyncReport.EventSchema, now, "image-started", source, value.Destination),
            SyncProgressKind.Copy when value.Copy is { Kind: CopyProgressKind.BlobDone or CopyProgressKind.BlobSkipped or CopyProgressKind.BlobMounted } copy =>
                new(SyncReport.EventSchema, now, "blob-done", source, value.Destination,
                    Blob: copy.Content.Digest.ToString(),
                    Size: copy.Content.Size,
                    Outcome: copy.Kind switch { CopyProgressKind.BlobDone => "sent", CopyProgressKind.BlobSkipped => "skipped", _ => "mounted" }),
            SyncProgressKind.Copy => null,
            _ when value.Result is { } r => new(
                SyncReport.EventSchema,
                now,
                value.Kind == SyncProgressKind.TagPruned ? "tag-pruned" : "image-finished",
                source,
                value.Destination,
                Status: SyncReportEntry.StatusName(r.Status),
                SourceDigest: r.SourceDigest?.ToString(),
                DestinationDigest: r.DestinationDigest?.ToString(),
                DurationMs: (long)r.Duration.TotalMilliseconds,
                Error: r.Error is { } e ? SyncReportError.From(e) : null),
            _ => null,
        };
        if (line is null)
        {
            return;
        }

        var text = JsonSerializer.Serialize(line, SyncReportJsonContext.Default.SyncEventLine);
        lock (_lock)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
