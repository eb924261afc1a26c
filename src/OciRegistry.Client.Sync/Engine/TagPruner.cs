using System.Net;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Planning;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// Deletes the destination tags that left the source, one repository at a time, before a sync copies anything. A
/// candidate is a tag the repository lists that no listed source holds, that carries the sync's suffix, and that does
/// not start with <c>sha256-</c> (signatures, attestations and the referrers fallback: their subjects decide their
/// life, not the source's tag list). More candidates than the limit leave the repository untouched.
/// </summary>
/// <remarks>
/// A tag is deleted alone (<c>DELETE …/manifests/TAG</c>) where the registry allows it. A registry that deletes only
/// by digest (CNCF Distribution 2.x) removes the manifest and every tag on it, so there a manifest is deleted only when
/// no tag that stays points at it; otherwise the tag is reported failed rather than taking a kept tag with it. That
/// check reads the digest of every other tag of the repository (one HEAD each), once per repository that needs it.
/// </remarks>
internal sealed class TagPruner(OciRegistryClient client, SyncSettings settings, IProgress<SyncProgressEvent>? progress, Reports.SyncReportWriter? report, ILogger logger)
{
    /// <summary>The prefix of tags never pruned: cosign's signatures and attestations, the referrers tag schema.</summary>
    internal const string DigestTagPrefix = "sha256-";

    public async Task<List<SyncImageResult>> PruneAsync(IReadOnlyList<PruneScope> scopes, CancellationToken cancellationToken)
    {
        var results = new List<SyncImageResult>();
        foreach (var scope in scopes)
        {
            await PruneAsync(scope, results, cancellationToken).ConfigureAwait(false);
            if (!settings.KeepGoing && results.Find(r => r.Status == SyncImageStatus.Failed) is { Error: { } failure } failed)
            {
                throw new SyncException($"Error pruning {failed.Destination}: {failure.Message}", failure) { Result = new SyncResult { Images = results, Sources = 0 } };
            }
        }

        return results;
    }

    private async Task PruneAsync(PruneScope scope, List<SyncImageResult> results, CancellationToken cancellationToken)
    {
        var repository = client.GetRepository(scope.Repository, RepositoryAccess.PullPush | RepositoryAccess.Delete);
        var tags = new List<string>();
        try
        {
            await foreach (var tag in repository.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                tags.Add(tag);
            }
        }
        catch (RepositoryNotFoundException)
        {
            return;
        }

        var candidates = tags
            .Where(t => !scope.Keep.Contains(t) && !t.StartsWith(DigestTagPrefix, StringComparison.Ordinal) && t.EndsWith(settings.AppendSuffix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var limit = settings.PruneMax ?? Math.Max(1, (int)Math.Ceiling(tags.Count / 10.0));
        if (candidates.Count > limit)
        {
            var why = settings.PruneMax is null ? $"a tenth of its {tags.Count} tags" : "the limit set";
            Add(results, Entry(scope.Repository.Name, SyncImageStatus.Failed, null, new SyncException(
                $"Refusing to prune {scope.Repository.Name}: {candidates.Count} of its tags are no longer at the source, more than {limit} ({why}); " +
                $"nothing was deleted. Check the source, or raise the limit to {candidates.Count}.")));
            return;
        }

        if (settings.DryRun)
        {
            foreach (var tag in candidates)
            {
                Add(results, Entry(Name(scope, tag), SyncImageStatus.WouldPrune, null, null));
            }

            return;
        }

        var byDigest = false;
        Dictionary<string, Digest?>? others = null;
        var untagged = new HashSet<Digest>();
        foreach (var tag in candidates)
        {
            var name = Name(scope, tag);
            Digest digest;
            try
            {
                digest = (await repository.ResolveAsync(tag, cancellationToken).ConfigureAwait(false)).Digest;
            }
            catch (NotFoundException)
            {
                continue; // gone since the listing: nothing left to delete
            }
            catch (Exception e) when (e is OciRegistryException or HttpRequestException)
            {
                Add(results, Entry(name, SyncImageStatus.Failed, null, e));
                continue;
            }

            try
            {
                if (!byDigest)
                {
                    try
                    {
                        await repository.DeleteTagAsync(tag, cancellationToken).ConfigureAwait(false);
                        untagged.Add(digest);
                        Add(results, Entry(name, SyncImageStatus.Pruned, digest, null));
                        continue;
                    }
                    catch (OciRegistryException e) when (DeletesByDigestOnly(e))
                    {
                        SyncLog.PruneByDigest(logger, repository.Name);
                        byDigest = true;
                    }
                }

                others ??= await DigestsAsync(repository, tags.Except(candidates, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
                if (others.FirstOrDefault(o => o.Value == digest).Key is { } kept)
                {
                    Add(results, Entry(name, SyncImageStatus.Failed, digest, new SyncException(
                        $"Cannot delete {name} alone: {repository.Registry} deletes manifests, not tags, and {kept}, which stays, is the same manifest {digest}.")));
                    continue;
                }

                if (untagged.Add(digest))
                {
                    await repository.DeleteManifestAsync(digest, cancellationToken).ConfigureAwait(false);
                }

                Add(results, Entry(name, SyncImageStatus.Pruned, digest, null));
            }
            catch (Exception e) when (e is OciRegistryException or HttpRequestException)
            {
                Add(results, Entry(name, SyncImageStatus.Failed, digest, e));
            }
        }

        if (settings.PruneUntagged && !byDigest && untagged.Count > 0)
        {
            others ??= await DigestsAsync(repository, tags.Except(candidates, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
            foreach (var digest in untagged.Where(d => !others.ContainsValue(d)))
            {
                var name = $"docker://{scope.Repository.Name}@{digest}";
                try
                {
                    await repository.DeleteManifestAsync(digest, cancellationToken).ConfigureAwait(false);
                    Add(results, Entry(name, SyncImageStatus.Pruned, digest, null));
                }
                catch (Exception e) when (e is OciRegistryException or HttpRequestException)
                {
                    Add(results, Entry(name, SyncImageStatus.Failed, digest, e));
                }
            }
        }
    }

    // CNCF Distribution 2.x parses the reference as a digest (DIGEST_INVALID, 400); others say UNSUPPORTED or 405.
    private static bool DeletesByDigestOnly(OciRegistryException e) =>
        e.ErrorCode == RegistryErrorCode.DigestInvalid || e.ErrorCode == RegistryErrorCode.Unsupported
        || e.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest;

    private static async Task<Dictionary<string, Digest?>> DigestsAsync(RegistryRepository repository, IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<string, Digest?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            try
            {
                digests[tag] = (await repository.ResolveAsync(tag, cancellationToken).ConfigureAwait(false)).Digest;
            }
            catch (NotFoundException)
            {
                digests[tag] = null;
            }
        }

        return digests;
    }

    private static string Name(PruneScope scope, string tag) => $"docker://{scope.Repository.Name}:{tag}";

    private static SyncImageResult Entry(string destination, SyncImageStatus status, Digest? digest, Exception? error) => new()
    {
        Source = string.Empty,
        Destination = destination.StartsWith("docker://", StringComparison.Ordinal) ? destination : "docker://" + destination,
        Status = status,
        DestinationDigest = digest,
        Error = error,
    };

    private void Add(List<SyncImageResult> results, SyncImageResult result)
    {
        if (result.Error is { } error)
        {
            SyncLog.PruneFailed(logger, result.Destination, error);
        }
        else if (result.Status == SyncImageStatus.Pruned)
        {
            SyncLog.TagPruned(logger, result.Destination);
        }

        results.Add(result);
        report?.Add(result);
        progress?.Report(new SyncProgressEvent { Kind = SyncProgressKind.TagPruned, Source = string.Empty, Destination = result.Destination, Result = result });
    }
}
