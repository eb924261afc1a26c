using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Decides which referrers a copy carries, before any blob moves: the referrer tree of every manifest the plan
/// writes with its own digest (read within <see cref="ReferrerTree"/>'s bounds), each referrer's manifest fetched and
/// its subject checked, and each planned as a copy of its own (exact bytes, every instance). The referrers of a
/// manifest written with another digest, or not written at all, are listed as not copied, with the reason.
/// </summary>
internal sealed class ReferrerPlanner
{
    private readonly IImageSource _source;
    private readonly IReferrerLister _lister;
    private readonly ReferrerFilter _filter;
    private readonly ImageStoreDescription _from;
    private readonly ImageStoreDescription _to;
    private readonly CopySettings _settings;
    private readonly ILogger _logger;

    public ReferrerPlanner(IImageSource source, IReferrerLister lister, ImageStoreDescription from, ImageStoreDescription to, CopySettings settings, ILogger logger)
    {
        _source = source;
        _lister = lister;
        _filter = settings.Referrers!;
        _from = from;
        _to = to;

        // A referrer is copied as it is: every instance, its own bytes, whatever the image's copy converts or selects.
        _settings = settings with { MultiArch = MultiArchMode.All, Platforms = [], Format = null, PreserveDigests = true, Referrers = null };
        _logger = logger;
    }

    /// <summary>Plans the referrers of <paramref name="plan"/>'s manifests.</summary>
    /// <exception cref="ImageCopyException">A referrer's subject is another manifest, or a referrer cannot be copied as it is.</exception>
    /// <exception cref="ReferrerGraphException">The referrers loop, or are too many or too deep.</exception>
    public async Task<IReadOnlyList<PlannedReferrer>> PlanAsync(CopyPlan plan, CancellationToken cancellationToken)
    {
        var planned = new List<PlannedReferrer>();
        var seen = new HashSet<Digest>();
        foreach (var manifest in plan.Manifests.DistinctBy(m => m.Source.Digest))
        {
            var reason = manifest.Written.Digest == manifest.Source.Digest
                ? null
                : $"its subject {manifest.Source.Digest} was written as {manifest.Written.Digest} (converted or a subset), so it would refer to nothing copied";
            await PlanTreeAsync(manifest.Source.Digest, reason, planned, seen, cancellationToken).ConfigureAwait(false);
        }

        // One instance chosen from an index, or a schema 1 image converted: the source's top manifest is not written.
        if (!plan.Manifests.Any(m => m.Source.Digest == plan.Source.Digest))
        {
            await PlanTreeAsync(
                plan.Source.Digest,
                $"its subject {plan.Source.Digest} was not copied as it is (only one instance of an index, or a conversion, was written)",
                planned,
                seen,
                cancellationToken).ConfigureAwait(false);
        }

        return planned;
    }

    private async Task PlanTreeAsync(Digest subject, string? notCopied, List<PlannedReferrer> planned, HashSet<Digest> seen, CancellationToken cancellationToken)
    {
        var tree = await ReferrerTree.ReadAsync(_lister, subject, _filter, cancellationToken).ConfigureAwait(false);
        await PlanNodesAsync(subject, tree, notCopied, planned, seen, cancellationToken).ConfigureAwait(false);
    }

    private async Task PlanNodesAsync(
        Digest subject, IReadOnlyList<ReferrerNode> nodes, string? notCopied, List<PlannedReferrer> planned, HashSet<Digest> seen, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            var referrer = node.Referrer;
            if (notCopied is not null)
            {
                CopyLog.ReferrerNotCopied(_logger, referrer.Descriptor.Digest, subject, notCopied);
                planned.Add(new PlannedReferrer(subject, referrer, null, notCopied));
                await PlanNodesAsync(referrer.Descriptor.Digest, node.Referrers, $"its subject {referrer.Descriptor.Digest} is not copied", planned, seen, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (seen.Add(referrer.Descriptor.Digest) || referrer.Tag is not null)
            {
                var manifest = await FetchAsync(subject, referrer, cancellationToken).ConfigureAwait(false);
                var plan = await new CopyPlanner(_source, manifest.Digest.ToString(), _from, _to, _settings, _logger).PlanAsync(manifest, cancellationToken).ConfigureAwait(false);
                planned.Add(new PlannedReferrer(subject, referrer, plan, null));
            }

            await PlanNodesAsync(referrer.Descriptor.Digest, node.Referrers, null, planned, seen, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Manifest> FetchAsync(Digest subject, Referrer referrer, CancellationToken cancellationToken)
    {
        var digest = referrer.Descriptor.Digest;
        Manifest manifest;
        try
        {
            manifest = await _source.FetchManifestAsync(digest.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestNotFoundException e)
        {
            throw new ImageCopyException($"{subject} lists the referrer {digest}, which the source does not have; nothing was copied.", e);
        }

        var actual = manifest.Image?.Subject?.Digest ?? manifest.Index?.Subject?.Digest;
        if (referrer.Kind == ReferrerKind.Subject && actual != subject)
        {
            throw new ImageCopyException(actual is null
                ? $"{subject} lists the referrer {digest}, which has no subject; a referrers index lists it wrongly. Nothing was copied."
                : $"{subject} lists the referrer {digest}, whose subject is {actual} (a manifest elsewhere), not {subject}; a referrers index lists it wrongly. Nothing was copied.");
        }

        return manifest;
    }
}

/// <summary>A referrer a copy found, with its own copy plan, or the reason it is not copied.</summary>
/// <param name="Subject">The digest of the manifest it refers to.</param>
/// <param name="Referrer">The referrer.</param>
/// <param name="Plan">Its copy, or <see langword="null"/> when it is not copied (or already planned under another subject).</param>
/// <param name="NotCopiedReason">Why it is not copied, or <see langword="null"/>.</param>
internal sealed record PlannedReferrer(Digest Subject, Referrer Referrer, CopyPlan? Plan, string? NotCopiedReason);
