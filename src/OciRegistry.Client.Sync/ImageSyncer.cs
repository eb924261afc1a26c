using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Engine;
using OciRegistry.Client.Sync.Planning;

namespace OciRegistry.Client.Sync;

/// <summary>
/// Copies every image of a source (a registry repository, a directory tree written by an earlier sync, or a sync
/// YAML file) to a registry or a directory, several images at once. An image whose
/// destination already has the source's digest is skipped after two HEAD requests (one converted or a platform subset,
/// whose destination manifest records the source's digest and the same selection, after a HEAD and a GET); a blob shared by several images
/// is sent once; <see cref="SyncOptions.Shard"/> splits the work across processes. Get one from dependency injection
/// (<c>builder.AddSync()</c>) or from <see cref="Create"/>; it holds no per-sync state.
/// </summary>
/// <remarks>
/// <para>
/// Every request goes through the one <see cref="OciRegistryClient"/> it was built with, so a registry is pinged once
/// and a token is fetched once per repository and scope for the whole sync (and for the client's lifetime).
/// </para>
/// <para>
/// <see cref="SyncAsync"/> is virtual and a protected constructor exists so that a consumer's tests can substitute
/// the syncer (for example with NSubstitute's <c>Substitute.For&lt;ImageSyncer&gt;()</c>).
/// </para>
/// </remarks>
public class ImageSyncer
{
    private readonly OciRegistryClient _client;
    private readonly ImageCopier _copier;
    private readonly Func<SyncOptions> _defaults;
    private readonly ILogger _logger;

    /// <summary>Creates a syncer for substitution in tests; its methods throw unless they are substituted.</summary>
    protected ImageSyncer()
    {
        _client = null!;
        _copier = null!;
        _defaults = static () => throw new InvalidOperationException("This ImageSyncer was made for substitution in tests; use ImageSyncer.Create or dependency injection.");
        _logger = NullLogger.Instance;
    }

    /// <summary>The syncer of dependency injection and of <see cref="Create"/>.</summary>
    internal ImageSyncer(OciRegistryClient client, ImageCopier copier, Func<SyncOptions> defaults, ILogger? logger)
    {
        _client = client;
        _copier = copier;
        _defaults = defaults;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a syncer without dependency injection.</summary>
    /// <param name="client">The registry client every request goes through; the caller keeps owning it.</param>
    /// <param name="options">The defaults of syncs; a sync's own options are merged over them (<see cref="SyncAsync"/>). The built-in defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="copier">The copy engine that copies each image; <see cref="ImageCopier.Create"/> on <paramref name="client"/> when <see langword="null"/>.</param>
    /// <returns>The syncer.</returns>
    public static ImageSyncer Create(OciRegistryClient client, SyncOptions? options = null, ILogger<ImageSyncer>? logger = null, ImageCopier? copier = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var defaults = options ?? new SyncOptions();
        return new ImageSyncer(client, copier ?? ImageCopier.Create(client), () => defaults, logger);
    }

    /// <summary>Syncs every image of <paramref name="source"/> (after filters and the shard) to <paramref name="destination"/>.</summary>
    /// <param name="source">What to read.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="options">
    /// The options of this sync, merged over the defaults (registered, or given to <see cref="Create"/>): each setting
    /// left at its built-in value (<c>new SyncOptions()</c>) takes the default's, any other wins; a collection wins
    /// when it is not empty. Validated, and read once when the sync starts.
    /// </param>
    /// <param name="progress">
    /// Receives an event per image step and the copy engine's events; may be <see langword="null"/>.
    /// <see cref="Progress{T}"/> posts events asynchronously, so its handler may run after this method returns.
    /// </param>
    /// <param name="cancellationToken">Stops every copy promptly.</param>
    /// <returns>
    /// One entry per image: copied, skipped as unchanged, would copy (dry run) or failed (with keep-going; the
    /// caller should then exit non-zero).
    /// </returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SyncException">
    /// The sync cannot start (no images, directory to directory, a bad YAML entry), or an image failed without
    /// keep-going (the inner exception is its failure; <see cref="SyncException.Result"/> holds what was done).
    /// </exception>
    /// <exception cref="OciRegistryException">Listing the source's tags failed.</exception>
    public virtual async Task<SyncResult> SyncAsync(
        SyncSource source,
        SyncDestination destination,
        SyncOptions? options = null,
        IProgress<SyncProgressEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var settings = (options is null ? _defaults() : OptionsMerge.Over(_defaults(), options)).Snapshot();

        // The destination registry is pinged while the source is listed, rather than when the first image gets there;
        // the first request there waits for this ping instead of sending its own. It ends on its own (its failures are
        // reported by that request) if the sync fails before.
        // A destination that does not parse is left to the planner, whose error names it.
        var warmUp = destination.Kind == SyncDestinationKind.Registry && ImageReference.TryParse(destination.Location + "/x", out var target)
            ? PingAsync(target.Registry, cancellationToken)
            : Task.CompletedTask;
        var started = DateTimeOffset.UtcNow;
        var report = settings.ReportPath is { } path
            ? Reports.SyncReportWriter.Open(path, settings.Recorded!, source, destination, started)
            : null;
        Exception? stoppedBy = null;
        SyncPlan? plan = null;
        try
        {
            plan = await new SyncPlanner(_client, settings, _logger).PlanAsync(source, destination, cancellationToken).ConfigureAwait(false);
            SyncLog.SyncStarting(_logger, plan.Items.Count, plan.Sources, settings.Shard is { } shard ? $" (shard {shard} of {plan.BeforeShard} images)" : string.Empty);

            // Deletions first: a dry run lists them before the images, and a tag pruned here cannot be one the copies write.
            var pruned = plan.Prune.Count == 0
                ? []
                : await new TagPruner(_client, settings, progress, report, _logger).PruneAsync(plan.Prune, cancellationToken).ConfigureAwait(false);
            var (images, stoppedAt) = await new SyncRun(_client, _copier, settings, progress, report, _logger).RunAsync(plan.Items, cancellationToken).ConfigureAwait(false);
            var result = new SyncResult
            {
                Images = pruned.Count == 0 ? images : [.. pruned, .. images],
                Sources = plan.Sources,
                PullBudgets = Budgets(plan.Items),
            };
            if (stoppedAt is { Error: { } failure })
            {
                throw new SyncException($"Error copying {stoppedAt.Source}: {failure.Message}", failure) { Result = result };
            }

            await warmUp.ConfigureAwait(false);
            SyncLog.SyncCompleted(_logger, result.Copied, result.Skipped, result.Failed, result.WouldCopy);
            return result;
        }
        catch (Exception e)
        {
            stoppedBy = e;
            throw;
        }
        finally
        {
            if (report is not null)
            {
                report.Complete(plan is null ? [] : Budgets(plan.Items), stoppedBy);
                report.Dispose();
            }
        }
    }

    // The budgets the source registries announced, once per registry.
    private List<RegistryPullBudget> Budgets(IReadOnlyList<SyncWorkItem> items) =>
        [.. items.Select(i => i.From.RegistryReference?.Registry).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(_client.GetPullBudget).OfType<RegistryPullBudget>()];

    // A failed ping is not kept by the client: the sync's first request to the registry tries again and reports it.
    private async Task PingAsync(string registry, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PingAsync(registry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException or OperationCanceledException)
        {
        }
    }
}
