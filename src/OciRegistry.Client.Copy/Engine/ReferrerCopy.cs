using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Copies the referrers a <see cref="ReferrerPlanner"/> planned, after the image they refer to is written: each as a
/// copy of its own (blobs the destination has are skipped, blobs of the same registry mounted), subjects before their
/// referrers, a cosign attachment under its tag and every other referrer by digest.
/// </summary>
internal static class ReferrerCopy
{
    public static async Task<CopyResult> RunAsync(
        CopyResult image,
        IReadOnlyList<PlannedReferrer> referrers,
        IImageSource source,
        IImageDestination destination,
        ImageStoreDescription to,
        CopySettings settings,
        IProgress<CopyProgressEvent>? progress,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var manifests = image.Manifests.ToList();
        var blobs = image.Blobs.ToList();
        var reported = new List<CopiedReferrer>(referrers.Count);
        var referrerSettings = settings with { MultiArch = MultiArchMode.All, Platforms = [], Format = null, PreserveDigests = true, Referrers = null };
        foreach (var referrer in referrers)
        {
            if (referrer.Plan is { } plan)
            {
                using var operation = new CopyOperation(source, destination, to, plan, referrerSettings, progress, logger, cancellationToken);
                var copied = await operation.RunAsync(referrer.Referrer.Tag).ConfigureAwait(false);
                CopyLog.ReferrerCopied(logger, referrer.Referrer.Descriptor.Digest, referrer.Subject);
                // Each digest once in the result, as for the image: a blob the image shares was skipped here.
                blobs.AddRange(copied.Blobs.Where(b => blobs.All(known => known.Blob.Digest != b.Blob.Digest)));
                reported.Add(new CopiedReferrer(referrer.Subject, referrer.Referrer, null));
            }
            else if (referrer.NotCopiedReason is { } reason)
            {
                reported.Add(new CopiedReferrer(referrer.Subject, referrer.Referrer, reason));
            }
        }

        // The image's manifests stay the result's last entries: CopyResult.Manifest is the image's top manifest.
        return new CopyResult(image.SourceDigest, manifests, blobs) { Referrers = reported };
    }
}
