using System.Text.Json;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Sync.Reports;

/// <summary>
/// Writes a sync's report file as the sync goes: the head (schema, start, source, destination, options) when it
/// starts, one entry per image as it finishes, and the tail (pull budgets, totals, end) when it ends. Nothing per image
/// is kept but the running totals, so a report of any number of images costs the same memory.
/// </summary>
internal sealed class SyncReportWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private readonly Lock _lock = new();
    private int _images, _copied, _unchanged, _wouldCopy, _pruned, _wouldPrune, _failed, _deferred;
    private long _bytes;
    private bool _completed;

    private SyncReportWriter(FileStream file)
    {
        _file = file;
        _json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
    }

    /// <summary>Creates the file (replacing one that is there) and writes the head.</summary>
    public static SyncReportWriter Open(string path, SyncReportOptions options, SyncSource source, SyncDestination destination, DateTimeOffset started)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 16 * 1024);
        var writer = new SyncReportWriter(file);
        var json = writer._json;
        json.WriteStartObject();
        json.WriteString("schema", SyncReport.Schema);
        json.WriteString("started", started);
        json.WriteStartObject("source");
        json.WriteString("kind", source.Kind.ToString().ToLowerInvariant());
        json.WriteString("location", source.Location);
        json.WriteEndObject();
        json.WriteStartObject("destination");
        json.WriteString("kind", destination.Kind.ToString().ToLowerInvariant());
        json.WriteString("location", destination.Location);
        json.WriteEndObject();
        json.WritePropertyName("options");
        JsonSerializer.Serialize(json, options, SyncReportJsonContext.Default.SyncReportOptions);
        json.WriteStartArray("images");
        json.Flush();
        return writer;
    }

    /// <summary>Appends one finished image or pruned tag.</summary>
    public void Add(SyncImageResult result)
    {
        var entry = SyncReportEntry.From(result);
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            JsonSerializer.Serialize(_json, entry, SyncReportJsonContext.Default.SyncReportEntry);
            _json.Flush();
            _bytes += entry.BytesSent;
            switch (result.Status)
            {
                case SyncImageStatus.Copied: _copied++; break;
                case SyncImageStatus.SkippedUnchanged: _unchanged++; break;
                case SyncImageStatus.WouldCopy: _wouldCopy++; break;
                case SyncImageStatus.Pruned: _pruned++; break;
                case SyncImageStatus.WouldPrune: _wouldPrune++; break;
                case SyncImageStatus.Deferred: _deferred++; break;
                default: _failed++; break;
            }

            if (result.Status is not (SyncImageStatus.Pruned or SyncImageStatus.WouldPrune))
            {
                _images++;
            }
        }
    }

    /// <summary>Writes the tail: the budgets seen, the totals, whether the sync ran to its end (or what stopped it), and the end time.</summary>
    public void Complete(IReadOnlyList<RegistryPullBudget> budgets, Exception? stoppedBy)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _json.WriteEndArray();
            _json.WriteStartArray("pullBudgets");
            foreach (var b in budgets)
            {
                JsonSerializer.Serialize(
                    _json,
                    new SyncReportBudget(b.Registry, b.Limit, b.Remaining, b.Window is { } w ? (long)w.TotalSeconds : null, b.ObservedAt),
                    SyncReportJsonContext.Default.SyncReportBudget);
            }

            _json.WriteEndArray();
            _json.WritePropertyName("totals");
            JsonSerializer.Serialize(
                _json,
                new SyncReportTotals(_images, _copied, _unchanged, _wouldCopy, _pruned, _wouldPrune, _failed, _deferred, _bytes),
                SyncReportJsonContext.Default.SyncReportTotals);
            _json.WriteBoolean("completed", stoppedBy is null);
            if (stoppedBy is not null)
            {
                _json.WritePropertyName("error");
                JsonSerializer.Serialize(_json, SyncReportError.From(stoppedBy), SyncReportJsonContext.Default.SyncReportError);
            }

            _json.WriteString("ended", DateTimeOffset.UtcNow);
            _json.WriteEndObject();
            _json.Flush();
        }
    }

    public void Dispose()
    {
        _json.Dispose();
        _file.Dispose();
    }
}
