using System.Diagnostics;
using System.Diagnostics.Metrics;
using OciRegistry.Client.Content;
using OciRegistry.Client.Diagnostics;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Diagnostics;

/// <summary>
/// The copy engine's spans and instruments (names in docs/observability.md). A registry side is named by its
/// registry and repository (<see cref="ImageStoreDescription"/>); any other side by its type's name only, never a path.
/// </summary>
internal static class CopyTelemetry
{
    public static readonly ActivitySource Source = new(OciRegistryDiagnostics.ActivitySourceName, typeof(CopyTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(OciRegistryDiagnostics.MeterName, typeof(CopyTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Blobs = Meter.CreateCounter<long>(
        "ociregistry.copy.blobs",
        unit: "{blob}",
        description: "Blobs a copy handled, by status: transferred, skipped (already at the destination) or mounted.");

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "ociregistry.copy.bytes",
        unit: "By",
        description: "Blob bytes read from the source and written to the destination by copies.");

    public static readonly Counter<long> BlobRetries = Meter.CreateCounter<long>(
        "ociregistry.copy.blob.retries",
        unit: "{retry}",
        description: "Blob transfers started again after a transient failure.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "ociregistry.copy.duration",
        unit: "s",
        description: "Time a copy took, by outcome.");

    /// <summary>Starts the span of one copy.</summary>
    public static Activity? StartCopy(
        IImageSource source, ImageStoreDescription from, string sourceReference, IImageDestination destination, ImageStoreDescription to, string? destinationTag)
    {
        var activity = Source.StartActivity("oci.copy");
        if (activity is { IsAllDataRequested: true })
        {
            SetLocation(activity, "oci.source", source, from);
            activity.SetTag("oci.source.reference", sourceReference);
            SetLocation(activity, "oci.destination", destination, to);
            activity.SetTag("oci.destination.tag", destinationTag);
        }

        return activity;
    }

    /// <summary>Ends a copy's span with what it did, and records its duration.</summary>
    public static void StopCopy(Activity? activity, long startTimestamp, CopyResult? result, Exception? error)
    {
        Duration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("oci.outcome", error is null ? "success" : error is OperationCanceledException ? "canceled" : "failure"));
        if (activity is null)
        {
            return;
        }

        if (result is not null)
        {
            activity.SetTag("oci.digest", result.Manifest.Digest.ToString());
            activity.SetTag("oci.source.digest", result.SourceDigest.ToString());
            activity.SetTag("oci.blobs", result.Blobs.Count);
            activity.SetTag("oci.bytes", result.BytesTransferred);
        }

        if (error is not null)
        {
            activity.SetTag("error.type", error.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    /// <summary>Starts the span of one blob (check, mount or transfer, with its retries).</summary>
    public static Activity? StartBlob(Descriptor blob)
    {
        var activity = Source.StartActivity("oci.blob.copy");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("oci.digest", blob.Digest.ToString());
            activity.SetTag("oci.size", blob.Size);
            activity.SetTag("oci.media_type", blob.MediaType);
        }

        return activity;
    }

    /// <summary>Ends a blob's span and counts it.</summary>
    public static void StopBlob(Activity? activity, CopiedBlob copied, string? registry)
    {
        var status = copied.Status switch
        {
            BlobCopyStatus.Skipped => "skipped",
            BlobCopyStatus.Mounted => "mounted",
            _ => "transferred",
        };
        // A destination that is no registry has no oci.registry tag at all, rather than an empty one that would
        // group every on-disk copy under one meaningless value.
        if (registry is null)
        {
            Blobs.Add(1, new KeyValuePair<string, object?>("oci.blob.status", status));
            if (copied.BytesTransferred > 0)
            {
                Bytes.Add(copied.BytesTransferred);
            }
        }
        else
        {
            Blobs.Add(1, new TagList { { "oci.blob.status", status }, { "oci.registry", registry } });
            if (copied.BytesTransferred > 0)
            {
                Bytes.Add(copied.BytesTransferred, new KeyValuePair<string, object?>("oci.registry", registry));
            }
        }

        activity?.SetTag("oci.blob.status", status);
        activity?.SetTag("oci.bytes", copied.BytesTransferred);
    }

    /// <summary>Marks a blob's span failed.</summary>
    public static void FailBlob(Activity? activity, Exception error)
    {
        activity?.SetTag("error.type", error.GetType().Name);
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
    }

    private static void SetLocation(Activity activity, string prefix, object side, ImageStoreDescription description)
    {
        if (description.IsRegistryRepository)
        {
            activity.SetTag(prefix + ".registry", description.Registry);
            activity.SetTag(prefix + ".repository", description.Repository);
        }
        else
        {
            activity.SetTag(prefix + ".transport", side.GetType().Name);
        }
    }
}
