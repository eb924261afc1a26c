namespace OciRegistry.Client.Sync;

/// <summary>
/// The machine-readable records of a sync: the report file (<see cref="SyncOptions.ReportPath"/>) and the JSON lines
/// of events for CI systems (<see cref="CreateJsonLines"/>). Both carry a versioned schema name; a field is only ever
/// added under the same version, and a change of meaning or a removal takes a new version.
/// </summary>
public static class SyncReport
{
    /// <summary>The schema of the report file, in its <c>schema</c> field.</summary>
    public const string Schema = "ocireg.sync.report/v1";

    /// <summary>The schema of each event line, in its <c>schema</c> field.</summary>
    public const string EventSchema = "ocireg.sync.event/v1";

    /// <summary>
    /// Creates a progress receiver that writes one JSON object per line for each image started and finished, each tag
    /// pruned and each blob done (sent, found present or mounted).
    /// </summary>
    /// <param name="writer">Where the lines go, such as standard error; written under a lock, flushed per line.</param>
    /// <returns>The receiver, to pass to <see cref="ImageSyncer.SyncAsync"/>.</returns>
    public static IProgress<SyncProgressEvent> CreateJsonLines(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new Reports.SyncJsonLines(writer);
    }
}
