namespace OciRegistry.Client.Sync.Reports;

/// <summary>One image (or pruned tag) of a report: small and flat, so a report of many thousands streams.</summary>
internal sealed record SyncReportEntry(
    string? Source,
    string Destination,
    string Status,
    string? SourceDigest,
    string? DestinationDigest,
    long BytesSent,
    int BlobsSent,
    int BlobsSkipped,
    int BlobsMounted,
    long DurationMs,
    SyncReportError? Error)
{
    public static SyncReportEntry From(SyncImageResult r) => new(
        r.Source.Length == 0 ? null : r.Source,
        r.Destination,
        StatusName(r.Status),
        r.SourceDigest?.ToString(),
        r.DestinationDigest?.ToString(),
        r.BytesSent,
        r.BlobsSent,
        r.BlobsSkipped,
        r.BlobsMounted,
        (long)r.Duration.TotalMilliseconds,
        r.Error is { } e ? SyncReportError.From(e) : null);

    public static string StatusName(SyncImageStatus status) => status switch
    {
        SyncImageStatus.Copied => "copied",
        SyncImageStatus.SkippedUnchanged => "unchanged",
        SyncImageStatus.WouldCopy => "would-copy",
        SyncImageStatus.Pruned => "pruned",
        SyncImageStatus.WouldPrune => "would-prune",
        SyncImageStatus.Deferred => "deferred",
        _ => "failed",
    };
}

/// <summary>A failure as a report names it: the registry's error code when it sent one, the HTTP status, and the message.</summary>
internal sealed record SyncReportError(string? Code, int? HttpStatus, string Message)
{
    public static SyncReportError From(Exception e) => e is OciRegistryException r
        ? new SyncReportError(r.ErrorCode?.Value is { Length: > 0 } code ? code : null, r.StatusCode is { } s ? (int)s : null, e.Message)
        : new SyncReportError(null, null, e.Message);
}

/// <summary>A source registry's pull budget as last seen.</summary>
internal sealed record SyncReportBudget(string Registry, long? Limit, long Remaining, long? WindowSeconds, DateTimeOffset ObservedAt);

/// <summary>The counts at the end of a report.</summary>
internal sealed record SyncReportTotals(
    int Images, int Copied, int Unchanged, int WouldCopy, int Pruned, int WouldPrune, int Failed, int Deferred, long BytesSent);

/// <summary>One line of <see cref="SyncReport.CreateJsonLines"/>.</summary>
internal sealed record SyncEventLine(
    string Schema,
    DateTimeOffset Time,
    string Event,
    string? Source,
    string Destination,
    string? Status = null,
    string? SourceDigest = null,
    string? DestinationDigest = null,
    string? Blob = null,
    long? Size = null,
    string? Outcome = null,
    long? DurationMs = null,
    SyncReportError? Error = null);
