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

        return new SyncPlan(items, groups.Count, seen.Count);
    }

    private async Task<List<Origin>> FromRegistryAsync(string location, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(location);
        if (reference.Tag is not null || reference.Digest is not null)
        {
            return [Origin.Image(reference)];
        }

        return await ListAsync(reference, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Origin>> ListAsync(ImageReference repository, Func<string, bool>? filter, CancellationToken cancellationToken)
    {
        var origins = new List<Origin>();
        var repo = client.GetRepository(repository);
        await foreach (var tag in repo.ListTagsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (settings.Selects(tag) && (filter is null || filter(tag)))
            {
                origins.Add(Origin.Image(repository.WithTag(tag)));
            }
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
    }

    // A repository of the file whose tags cannot be listed (gone, or not readable with these credentials)
    // is skipped with an error, and the rest of the file is synced; a file with nothing left is an error.
    private async Task<List<Origin>> ListYamlRepositoryAsync(ImageReference repository, Func<string, bool>? filter, CancellationToken cancellationToken)
    {
        try
        {
            return await ListAsync(repository, filter, cancellationToken).ConfigureAwait(false);
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
            suffix = suffix[(suffix.LastIndexOf('/') + 1)..];
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

    private sealed record Origin(ImageReference? Reference, string? Directory, string? Suffix)
    {
        public static Origin Image(ImageReference reference) => new(reference, null, null);

        public static Origin FromDirectory(string directory, string suffix) => new(null, directory, suffix);
    }
}
