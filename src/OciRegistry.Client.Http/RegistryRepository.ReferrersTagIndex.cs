using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Http;

public partial class RegistryRepository
{
    // How often the referrers tag is read (and rewritten when the entry is missing) before giving up.
    private const int MaxReferrersTagRounds = 8;

    // How many reads a settle delay apart must find the entry before the update counts as done.
    private const int ReferrersTagConfirmations = 2;

    private static readonly TimeSpan ReferrersTagSettle = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the subject of a manifest that has one.</summary>
    internal static Descriptor? SubjectOf(Manifest manifest) => manifest.Image?.Subject ?? manifest.Index?.Subject;

    /// <summary>
    /// The descriptor the referrers tag schema lists for a referrer: its media type, digest and size, its artifact
    /// type (the manifest's, or else its config's media type) and its annotations.
    /// </summary>
    internal static Descriptor ReferrerEntry(Manifest manifest) => new()
    {
        MediaType = manifest.MediaType,
        Digest = manifest.Digest,
        Size = manifest.Size,
        ArtifactType = manifest.Image is { } image ? image.ArtifactType ?? image.Config.MediaType : manifest.Index?.ArtifactType,
        Annotations = manifest.Image?.Annotations ?? manifest.Index?.Annotations,
    };

    // The registry has no referrers API, so the referrers index tagged sha256-HEX is kept by the clients that push
    // referrers: read it, add this entry, write it back. Distribution has no conditional manifest PUT, so two clients
    // updating at once can each write an index that lacks the other's entry. Each writer therefore reads the tag
    // again after writing and re-adds its entry when it is missing, and counts the update done only once two reads a
    // settle delay apart both show it: a writer that read the index before this entry was there and writes after
    // both reads is the remaining (narrow) race, and it too re-checks its own entry only, so every writer that
    // returns has seen its entry survive a settle delay.
    private async Task AddToReferrersTagAsync(Manifest referrer, Descriptor subject, CancellationToken cancellationToken)
    {
        var tag = ReferrerTags.ForSubject(subject.Digest);
        var entry = ReferrerEntry(referrer);
        var confirmations = 0;
        for (var round = 1; round <= MaxReferrersTagRounds; round++)
        {
            var index = await ReadReferrersIndexAsync(tag, subject.Digest, cancellationToken).ConfigureAwait(false);
            if (index is not null && index.Manifests.Any(d => d.Digest == entry.Digest))
            {
                if (++confirmations >= ReferrersTagConfirmations)
                {
                    RegistryLog.ReferrersTagUpdated(_logger, tag, Name, referrer.Digest, round);
                    return;
                }
            }
            else
            {
                confirmations = 0;
                var updated = Manifest.Create(new ImageIndex
                {
                    SchemaVersion = 2,
                    MediaType = MediaTypes.OciIndex,
                    Manifests = [.. index?.Manifests ?? [], entry],
                });
                await PushManifestAsync(updated, tag, cancellationToken).ConfigureAwait(false);
            }

            // A little longer each round, with jitter, so two writers that collided do not collide again in step.
            var delay = ReferrersTagSettle * round * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        throw new OciRegistryException(
            $"The referrer {referrer.Digest} was pushed to {Name}, but the referrers tag {tag} of {subject.Digest} kept losing its entry: " +
            $"after {MaxReferrersTagRounds} rounds of reading and rewriting it, other writers were still replacing it. Push the referrer again to add it.");
    }

    // The current referrers index under the tag: null when there is none. Anything else under the tag is not ours to replace.
    private async Task<ImageIndex?> ReadReferrersIndexAsync(string tag, Digest subject, CancellationToken cancellationToken)
    {
        Manifest current;
        try
        {
            current = await FetchManifestHereAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestNotFoundException)
        {
            return null;
        }
        catch (InvalidManifestException e)
        {
            throw new OciRegistryException(
                $"The referrers tag {tag} of {subject} in {Name} holds something that is not a valid manifest ({e.Message}); it is not replaced. " +
                "Delete or fix the tag, then push the referrer again.", e);
        }

        if (current.Kind != ManifestKind.Index || current.MediaType != MediaTypes.OciIndex)
        {
            throw new OciRegistryException(
                $"The referrers tag {tag} of {subject} in {Name} holds {current.MediaType}, not an OCI image index; it is not replaced. " +
                "Delete or fix the tag, then push the referrer again.");
        }

        return current.Index;
    }
}
