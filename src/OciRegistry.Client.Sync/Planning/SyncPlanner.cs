using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Filters;
using OciRegistry.Client.Sync.Yaml;

namespace OciRegistry.Client.Sync.Planning;

/// <summary>
/// Builds the work list of a sync: a repository's tags, one image, every image directory under a tree, or what a YAML
/// file names (explicit tags and digests, tag regular expressions, version ranges); then applies
/// <see cref="SyncOptions.IncludeTagRegex"/> and <see cref="SyncOptions.ExcludeTagRegex"/> to listed tags, names each
/// destination (<see cref="SyncOptions.Scoped"/>, <see cref="SyncOptions.AppendSuffix"/>) and keeps this process's
/// shard.
/// </summary>
internal sealed class SyncPlanner(OciRegistryClient client, SyncSettings settings, ILogger logger)
{
    /// <summary>How many repositories of a catalog are listed at once.</summary>
    private const int ConcurrentListings = 8;

    // Every repository whose tags were listed, with all its tags (before filters) when pruning needs them.
    private readonly ConcurrentQueue<(ImageReference Repository, string? Relative, List<string> Tags)> _listed = new();

    public async Task<SyncPlan> PlanAsync(SyncSource source, SyncDestination destination, CancellationToken cancellationToken)
    {
        if (source.Kind == SyncSourceKind.Directory && destination.Kind == SyncDestinationKind.Directory)
        {
            throw new SyncException("Syncing from a directory to a directory is not supported; copy the tree with rsync or cp -a instead.");
        }

        List<List<Origin>> groups = source.Kind switch
        {
            SyncSourceKind.Registry => [await FromRegistryAsync(source.Location, cancellationToken).ConfigureAwait(false)],
            SyncSourceKind.Directory => [FromDirectory(source.Location)],
            SyncSourceKind.Catalog => await FromCatalogAsync(source.CatalogRegistry!, source.CatalogNamespace, null, cancellationToken).ConfigureAwait(false),
            _ => await FromYamlAsync(source.Yaml!, cancellationToken).ConfigureAwait(false),
        };
        groups.RemoveAll(g => g.Count == 0);
        var all = groups.SelectMany(g => g).ToList();
        if (all.Count == 0)
        {
            throw new SyncException($"No images to sync found in \"{source.Location}\".");
        }

        var items = new List<SyncWorkItem>(all.Count);
        var seen = new HashSet<SyncWorkItem>();
        foreach (var origin in all)
        {
            var item = Map(origin, destination);
            if (!seen.Add(item))
            {
                continue; // a YAML file naming one image twice (a tag under images and again under a regex)
            }

            if (settings.Shard is not { } shard || shard.Contains(item.Source))
            {
                items.Add(item);
            }
        }

        return new SyncPlan(items, groups.Count, seen.Count) { Prune = settings.Prune ? PruneScopes(items, destination) : [] };
    }

    /// <summary>
    /// The destination repositories of listed sources this process prunes (with a shard, those whose name hashes to
    /// it, so that N shards prune each repository once), each with the tags that stay.
    /// </summary>
    private List<PruneScope> PruneScopes(List<SyncWorkItem> items, SyncDestination destination)
    {
        if (destination.Kind != SyncDestinationKind.Registry)
        {
            throw new SyncException("Pruning needs a registry destination.");
        }

        var keep = new Dictionary<string, (ImageReference Repository, HashSet<string> Tags)>(StringComparer.Ordinal);
        foreach (var (repository, relative, tags) in _listed)
        {
            foreach (var tag in tags)
            {
                Add(Map(new Origin(repository.WithTag(tag), null, null, relative), destination));
            }
        }

        // A tag another source of this sync writes there (named explicitly) stays too.
        foreach (var item in items)
        {
            if (item.To.RegistryReference is { } target && item.To.DestinationTag is { } tag
                && keep.TryGetValue(target.Name, out var entry))
            {
                entry.Tags.Add(tag);
            }
        }

        var scopes = new List<PruneScope>();
        foreach (var (repository, tags) in keep.Values)
        {
            if (settings.Shard is not { } shard || shard.Contains(repository.Name))
            {
                scopes.Add(new PruneScope(repository, tags));
            }
        }

        return scopes;

        void Add(SyncWorkItem item)
        {
            var target = item.To.RegistryReference!;
            if (!keep.TryGetValue(target.Name, out var entry))
            {
                entry = (ImageReference.Parse(target.Name), new HashSet<string>(StringComparer.Ordinal));
                keep.Add(target.Name, entry);
            }

            entry.Tags.Add(item.To.DestinationTag!);
        }
    }

    /// <summary>
    /// Every repository of a registry's catalog (below a namespace, when given) that the repository filters select,
    /// each listed as a whole repository; a registry that does not offer its catalog is an error that says so.
    /// </summary>
    private async Task<List<List<Origin>>> FromCatalogAsync(string registry, string? ns, TagPattern? pattern, CancellationToken cancellationToken)
    {
        var names = new List<(string Name, string Relative)>();
        try
        {
            await foreach (var name in client.ListCatalogAsync(registry, 1000, cancellationToken).ConfigureAwait(false))
            {
                if (ns is not null && !name.StartsWith(ns + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                var relative = ns is null ? name : name[(ns.Length + 1)..];
                if (settings.SelectsRepository(relative) && (pattern is null || pattern.IsMatch(relative)))
                {
                    names.Add((name, relative));
                }
            }
        }
        catch (OciRegistryException e) when (
            e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            || e.ErrorCode == RegistryErrorCode.Unsupported)
        {
            var answer = e.ErrorCode is { Value.Length: > 0 } code ? code.Value : $"HTTP {(int)e.StatusCode!.Value}";
            throw new SyncException(
                $"The registry {registry} does not list its repositories to this client (its catalog answered {answer}): name the repositories to sync, for example in a YAML file.",
                e);
        }

        if (names.Count == 0)
        {
            throw new SyncException($"No repositories to sync found in the catalog of {registry}{(ns is null ? string.Empty : "/" + ns)}.");
        }

        using var gate = new SemaphoreSlim(ConcurrentListings);
        var listings = names.Select(async n =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ListAsync(ImageReference.Parse($"{registry}/{n.Name}"), null, n.Relative, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        });
        return [.. await Task.WhenAll(listings).ConfigureAwait(false)];
    }

    private async Task<List<Origin>> FromRegistryAsync(string location, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(location);
        if (reference.Tag is not null || reference.Digest is not null)
        {
            return [Origin.Image(reference)];
        }

        return await ListAsync(reference, null, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Origin>> ListAsync(ImageReference repository, Func<string, bool>? filter, string? relative, CancellationToken cancellationToken)
    {
        var origins = new List<Origin>();
        var all = settings.Prune ? new List<string>() : null;
        var repo = client.GetRepository(repository);
        await foreach (var tag in repo.ListTagsAsync(cancellationToken).ConfigureAwait(false))
        {
            all?.Add(tag);
            if (settings.Selects(tag) && (filter is null || filter(tag)))
            {
                origins.Add(new Origin(repository.WithTag(tag), null, null, relative));
            }
        }

        if (all is not null)
        {
            _listed.Enqueue((repository, relative, all));
        }

        if (origins.Count == 0)
        {
            SyncLog.NoTags(logger, repository.Name);
        }

        return origins;
    }

    private static List<Origin> FromDirectory(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new SyncException($"Invalid source directory specified: \"{root}\" does not exist or is not a directory.");
        }

        var full = Path.GetFullPath(root);
        var found = new List<Origin>();
        Walk(full);
        found.Sort((a, b) => string.CompareOrdinal(a.Directory, b.Directory));
        return found;

        void Walk(string directory)
        {
            if (File.Exists(Path.Combine(directory, ImageDirectory.ManifestFileName)))
            {
                // An image directory; its blobs are files, and nothing below it is another image.
                var relative = Path.GetRelativePath(full, directory).Replace(Path.DirectorySeparatorChar, '/');
                var suffix = relative == "." ? Path.GetFileName(full) : relative;
                found.Add(Origin.FromDirectory(directory, suffix));
                return;
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if ((File.GetAttributes(child) & FileAttributes.ReparsePoint) == 0)
                {
                    Walk(child);
                }
            }
        }
    }

    private async Task<List<List<Origin>>> FromYamlAsync(SyncYamlFile file, CancellationToken cancellationToken)
    {
        var work = new List<Task<List<Origin>>>();
        foreach (var registry in file.Registries)
        {
            if (registry.IsEmpty)
            {
                SyncLog.NoImagesForRegistry(logger, registry.Registry);
                continue;
            }

            if (registry.RepositoryRegex is { } repositories)
            {
                var selected = TagPattern.TryCreate(repositories, out var created, out var error)
                    ? created
                    : throw new SyncException($"The repository regular expression of {registry.Registry}, \"{repositories}\", is not valid: {error}");
                work.Add(Flatten(FromCatalogAsync(registry.Registry, null, selected, cancellationToken)));
            }

            foreach (var (name, refs) in registry.Images)
            {
                var repository = Repository(registry.Registry, name);
                work.Add(refs.Count == 0
                    ? ListYamlRepositoryAsync(repository, null, cancellationToken)
                    : Task.FromResult(refs.Select(r => Origin.Image(Explicit(repository, r))).ToList()));
            }

            foreach (var (name, pattern) in registry.ImagesByTagRegex)
            {
                var regex = TagPattern.TryCreate(pattern, out var created, out var error)
                    ? created
                    : throw new SyncException($"The tag regular expression of {registry.Registry}/{name}, \"{pattern}\", is not valid: {error}");
                work.Add(ListYamlRepositoryAsync(Repository(registry.Registry, name), regex.IsMatch, cancellationToken));
            }

            foreach (var (name, text) in registry.ImagesBySemver)
            {
                VersionRange range;
                try
                {
                    range = VersionRange.Parse(text);
                }
                catch (FormatException e)
                {
                    throw new SyncException($"The version range of {registry.Registry}/{name} is not valid: {e.Message}", e);
                }

                work.Add(ListYamlRepositoryAsync(Repository(registry.Registry, name), range.Contains, cancellationToken));
            }
        }

        return [.. await Task.WhenAll(work).ConfigureAwait(false)];

        static async Task<List<Origin>> Flatten(Task<List<List<Origin>>> groups) => [.. (await groups.ConfigureAwait(false)).SelectMany(g => g)];
    }

    // A repository of the file whose tags cannot be listed (gone, or not readable with these credentials)
    // is skipped with an error, and the rest of the file is synced; a file with nothing left is an error.
    private async Task<List<Origin>> ListYamlRepositoryAsync(ImageReference repository, Func<string, bool>? filter, CancellationToken cancellationToken)
    {
        try
        {
            return await ListAsync(repository, filter, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            SyncLog.YamlRepositorySkipped(logger, repository.Name, e);
            return [];
        }
    }

    private static ImageReference Repository(string registry, string name)
    {
        var text = $"{registry}/{name}";
        if (!ImageReference.TryParse(text, out var reference) || reference.Tag is not null || reference.Digest is not null)
        {
            throw new SyncException($"\"{text}\" in the YAML file is not a repository name.");
        }

        return reference;
    }

    private static ImageReference Explicit(ImageReference repository, string reference)
    {
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            return Digest.TryParse(reference, out var digest)
                ? repository.WithDigest(digest)
                : throw new SyncException($"\"{reference}\" under {repository.Name} in the YAML file is neither a tag nor a digest.");
        }

        return ImageReference.IsValidTag(reference)
            ? repository.WithTag(reference)
            : throw new SyncException($"\"{reference}\" under {repository.Name} in the YAML file is neither a tag nor a digest.");
    }

    private SyncWorkItem Map(Origin origin, SyncDestination destination)
    {
        string suffix;
        bool tagged;
        ImageLocation source;
        if (origin.Reference is { } reference)
        {
            // By digest when there is one (a tag beside it is dropped), else by tag (latest when none).
            var image = reference.Digest is not { } digest ? reference.WithDefaultTag()
                : reference.Tag is null ? reference
                : ImageReference.Parse($"{reference.Name}@{digest}");
            suffix = image.ToString();
            tagged = image.Digest is null;
            source = ImageLocation.Registry(image);
        }
        else
        {
            suffix = origin.Suffix!;
            tagged = !suffix.Contains('@', StringComparison.Ordinal);
            source = ImageLocation.Directory(origin.Directory!);
        }

        if (!settings.Scoped)
        {
            // A repository of a catalog keeps its path below the namespace: two teams' "app" stay apart.
            suffix = origin.Relative is { } relative && origin.Reference is { } named && suffix.StartsWith(named.Name, StringComparison.Ordinal)
                ? relative + suffix[named.Name.Length..]
                : suffix[(suffix.LastIndexOf('/') + 1)..];
        }

        if (tagged)
        {
            suffix += settings.AppendSuffix;
        }

        if (destination.Kind == SyncDestinationKind.Directory)
        {
            return new SyncWorkItem(source, ImageLocation.Directory(Path.Combine(destination.Location, suffix)));
        }

        var text = $"{destination.Location}/{suffix}";
        if (!ImageReference.TryParse(text, out var target))
        {
            throw new SyncException(
                $"The destination \"{text}\" for {source} is not a valid image reference" +
                (settings.Scoped ? " (a scoped name keeps the source's registry, and a registry with a port cannot be part of a repository path)." : "."));
        }

        return new SyncWorkItem(source, ImageLocation.Registry(target.WithDefaultTag()));
    }

    /// <summary>Where one image of the work list comes from, before its destination is named.</summary>
    /// <param name="Reference">A registry image.</param>
    /// <param name="Directory">An image directory of a tree.</param>
    /// <param name="Suffix">The directory's path below the tree's root.</param>
    /// <param name="Relative">For a repository of a catalog, its path below the namespace.</param>
    private sealed record Origin(ImageReference? Reference, string? Directory, string? Suffix, string? Relative = null)
    {
        public static Origin Image(ImageReference reference) => new(reference, null, null);

        public static Origin FromDirectory(string directory, string suffix) => new(null, directory, suffix);
    }
}
