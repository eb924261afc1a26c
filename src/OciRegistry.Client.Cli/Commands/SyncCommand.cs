using System.CommandLine;
using System.Globalization;
using System.Text;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg sync --src docker|dir|yaml --dest docker|dir [--scoped] [--append-suffix S] [--all] [--dry-run]
/// [--keep-going] [--preserve-digests] [--format F] [--digestfile PATH] [--retry-times N] SOURCE DESTINATION</c>,
/// with <c>--src-*</c> and <c>--dest-*</c> access flags as skopeo; beyond skopeo <c>--parallel</c>,
/// <c>--include-tag-regex</c>, <c>--exclude-tag-regex</c>, <c>--platform</c>, <c>--shard K/N</c>, a whole registry or
/// namespace as <c>--src docker</c> (<c>--repo-regex</c>, <c>--exclude-repo-regex</c>), <c>--prune</c>
/// (<c>--prune-untagged</c>, <c>--prune-max</c>), <c>--immutable-tags</c>, <c>--min-remaining</c>, <c>--report</c> and
/// <c>--progress json</c>.
/// </summary>
internal static class SyncCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceArgument = new Argument<string>("SOURCE") { Description = "a repository or image, a directory, or a YAML file" };
        var destinationArgument = new Argument<string>("DESTINATION") { Description = "a registry (with an optional namespace) or a directory" };
        var src = new Option<string>("--src", "-s") { Description = "SOURCE transport type", HelpName = "string" };
        var dest = new Option<string>("--dest", "-d") { Description = "DESTINATION transport type", HelpName = "string" };
        var scoped = BooleanOption.Create("--scoped", "Images at DESTINATION are prefix using the full source image path as scope");
        var appendSuffix = new Option<string>("--append-suffix") { Description = "String to append to DESTINATION tags", HelpName = "string" };
        var dryRun = BooleanOption.Create("--dry-run", "Run without actually copying data");
        var keepGoing = BooleanOption.Create("--keep-going", "Do not abort the sync if any image copy fails");
        var parallel = new Option<int?>("--parallel") { Description = "Images copied at once (default 4), under one bound on blob transfers", HelpName = "int" };
        var include = new Option<string>("--include-tag-regex") { Description = "Sync only listed tags matching this regular expression", HelpName = "regex" };
        var exclude = new Option<string>("--exclude-tag-regex") { Description = "Do not sync listed tags matching this regular expression", HelpName = "regex" };
        var shard = new Option<string>("--shard") { Description = "Sync only this part K of N of the images (0 <= K < N), chosen by a stable hash of each source reference", HelpName = "K/N" };
        var repoRegex = new Option<string>("--repo-regex") { Description = "With a registry or namespace source (REGISTRY[/NAMESPACE]/), sync only repositories matching this regular expression", HelpName = "regex" };
        var excludeRepoRegex = new Option<string>("--exclude-repo-regex") { Description = "With a registry or namespace source, do not sync repositories matching this regular expression", HelpName = "regex" };
        var immutable = new Option<string>("--immutable-tags") { Description = "Tags matching this regular expression that the destination lists are trusted unchanged, without a look-up", HelpName = "regex" };
        var prune = BooleanOption.Create("--prune", "Delete destination tags no longer at the source, in the repositories this sync lists");
        var pruneUntagged = BooleanOption.Create("--prune-untagged", "With --prune, also delete manifests the pruning leaves untagged");
        var pruneMax = new Option<int?>("--prune-max") { Description = "Delete at most N tags per repository; refuse above (default: a tenth of the repository's tags)", HelpName = "int" };
        var minRemaining = new Option<long?>("--min-remaining") { Description = "Stop starting images when a source's announced pull budget (RateLimit-Remaining) would drop below N", HelpName = "int" };
        var report = new Option<string>("--report") { Description = "Write a JSON report of the sync to this file", HelpName = "path" };
        var progressFormat = new Option<string>("--progress") { Description = "Progress on standard error: \"json\" for one JSON object per event", HelpName = "format" };
        var flags = new CopyFlags();
        var command = new Command("sync", "Synchronize one or more images from one location to another")
        {
            sourceArgument, destinationArgument, src, dest, scoped, appendSuffix, dryRun, keepGoing, parallel, include, exclude, shard,
            repoRegex, excludeRepoRegex, immutable, prune, pruneUntagged, pruneMax, minRemaining, report, progressFormat,
        };
        flags.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var sourceText = result.GetValue(sourceArgument)!;
            var destinationText = result.GetValue(destinationArgument)!;
            return context.RunAsync(
                result,
                () => $"syncing {sourceText} to {destinationText}",
                async ct =>
                {
                    var request = flags.Read(result, context);
                    var options = new SyncOptions
                    {
                        Scoped = result.GetValue(scoped),
                        AppendSuffix = result.GetValue(appendSuffix),
                        DryRun = result.GetValue(dryRun),
                        KeepGoing = result.GetValue(keepGoing),
                        IncludeTagRegex = result.GetValue(include),
                        ExcludeTagRegex = result.GetValue(exclude),
                        IncludeRepositoryRegex = result.GetValue(repoRegex),
                        ExcludeRepositoryRegex = result.GetValue(excludeRepoRegex),
                        ImmutableTagRegex = result.GetValue(immutable),
                        Prune = result.GetValue(prune),
                        PruneUntagged = result.GetValue(pruneUntagged),
                        PruneMax = result.GetValue(pruneMax),
                        MinRemainingPulls = result.GetValue(minRemaining),
                        ReportPath = result.GetValue(report),
                    };
                    var json = result.GetValue(progressFormat) switch
                    {
                        null or "" or "lines" => false,
                        "json" => true,
                        var other => throw new CliUsageException($"invalid argument \"{other}\" for \"--progress\" flag: expected json"),
                    };
                    if (result.GetValue(parallel) is { } images)
                    {
                        options.MaxConcurrentImages = images;
                    }

                    if (result.GetValue(shard) is { } shardText)
                    {
                        options.Shard = SyncShard.TryParse(shardText, out var parsed)
                            ? parsed
                            : throw new CliUsageException($"invalid argument \"{shardText}\" for \"--shard\" flag: expected K/N with 0 <= K < N");
                    }

                    request.Options.CopyTo(options.Copy);
                    var problems = options.Validate();
                    if (problems.Count > 0)
                    {
                        throw new CliUsageException(string.Join("; ", problems));
                    }

                    var catalog = options.IncludeRepositoryRegex is not null || options.ExcludeRepositoryRegex is not null;
                    var (source, sourceImages, yaml) = await ReadSourceAsync(result.GetValue(src), sourceText, catalog, ct).ConfigureAwait(false);
                    var (destination, destinationImages) = ReadDestination(result.GetValue(dest), destinationText, result.GetValue(src));
                    var services = CliServices.Create(
                        context.Console,
                        context.Debug(result),
                        [.. sourceImages.Select(i => (i, request.SourceAccess)), .. destinationImages.Select(i => (i, request.DestinationAccess))],
                        request.RetryTimes,
                        registriesConf: context.RegistriesConf(result),
                        configureClient: client =>
                        {
                            if (yaml is not null)
                            {
                                // As skopeo: the --src-* flags for every registry of the file, then the file's own settings.
                                foreach (var registry in yaml.YamlRegistries)
                                {
                                    CliServices.Configure(client, registry, request.SourceAccess);
                                }

                                yaml.ApplyTo(client, null);
                            }
                        },
                        configureAuthentication: authentication =>
                        {
                            // --dest-creds cover every repository the sync writes under the prefix: key them by registry.
                            if (destinationImages.Count > 0 && Credential(request.DestinationAccess) is { } destinationCredential)
                            {
                                authentication.Credentials[destinationImages[0].RegistryReference!.Registry] = destinationCredential;
                            }

                            if (yaml is not null)
                            {
                                foreach (var registry in yaml.YamlRegistries)
                                {
                                    if (Credential(request.SourceAccess) is { } credential)
                                    {
                                        authentication.Credentials[registry] = credential;
                                    }
                                }

                                yaml.ApplyTo(new OciRegistryClientOptions(), authentication);
                            }
                        });
                    await using (services.ConfigureAwait(false))
                    {
                        services.UseTrust(context.TrustOptions(result));
                        return await RunAsync(context.Console, services.CreateSyncer(), source, destination, options, request.DigestFile, json, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console, ImageSyncer syncer, SyncSource source, SyncDestination destination, SyncOptions options, string? digestFile, bool json, CancellationToken cancellationToken)
    {
        if (options.DryRun && !json)
        {
            await console.Error.WriteLineAsync("Running in dry-run mode").ConfigureAwait(false);
        }

        var progress = json ? SyncReport.CreateJsonLines(console.Error) : new LineProgress(console.Error);
        SyncResult result;
        try
        {
            result = await syncer.SyncAsync(source, destination, options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException e) when (e.Result is not null)
        {
            throw new SyncException(e.Message.Replace("Error copying ", "Error copying ref ", StringComparison.Ordinal), e.InnerException);
        }

        if (digestFile is not null && !options.DryRun)
        {
            var lines = new StringBuilder();
            foreach (var image in result.Images.Where(i => i.Status is SyncImageStatus.Copied or SyncImageStatus.SkippedUnchanged))
            {
                lines.Append(CultureInfo.InvariantCulture, $"{image.DestinationDigest} {image.Destination}\n");
            }

            await File.WriteAllTextAsync(digestFile, lines.ToString(), cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        }

        var synced = result.Images.Count(i => i.Status is SyncImageStatus.Copied or SyncImageStatus.SkippedUnchanged or SyncImageStatus.WouldCopy);
        var pruned = options.DryRun ? result.WouldPrune : result.Pruned;
        var prunedText = options.Prune ? $", {pruned} tags {(options.DryRun ? "would be " : string.Empty)}pruned" : string.Empty;
        await console.Error.WriteLineAsync(options.DryRun
            ? $"Would have synced {synced} images from {result.Sources} sources{prunedText}"
            : $"Synced {synced} images from {result.Sources} sources ({result.Copied} copied, {result.Skipped} already present{prunedText})").ConfigureAwait(false);
        if (result.Deferred > 0)
        {
            var budgets = string.Join(", ", result.PullBudgets.Select(b => $"{b.Registry} has {b.Remaining}{(b.Limit is { } l ? $" of {l}" : string.Empty)} left"));
            await console.Error.WriteLineAsync(
                $"ocireg: Stopped taking new images to keep {options.MinRemainingPulls} pulls of the source's budget ({budgets}): {result.Deferred} images not synced; run again when the budget allows").ConfigureAwait(false);
        }

        if (result.Succeeded)
        {
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync("ocireg: Sync failed due to previous reported error(s) for one or more images").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    private static async Task<(SyncSource Source, IReadOnlyList<ImageLocation> Images, SyncSource? Yaml)> ReadSourceAsync(string? transport, string text, bool catalog, CancellationToken cancellationToken)
    {
        switch (transport)
        {
            case null or "":
                throw new CliUsageException("A source transport must be specified");
            case "docker" when catalog || SyncSource.NamesCatalog(text):
                // A stand-in image under the registry carries the --src-* flags to it, as for a destination prefix.
                var whole = SyncSource.Catalog(text);
                return (whole, [ImageArgument.Parse($"docker://{text.TrimEnd('/')}/x")], null);
            case "docker":
                var image = ImageArgument.Parse("docker://" + text);
                return (SyncSource.Registry(text), [image], null);
            case "dir":
                return (SyncSource.Directory(text), [], null);
            case "yaml":
                SyncSource yaml;
                try
                {
                    yaml = await SyncSource.LoadYamlAsync(text, cancellationToken).ConfigureAwait(false);
                }
                catch (FormatException e)
                {
                    throw new CliUsageException(e.Message, e);
                }

                return (yaml, [], yaml);
            default:
                throw new CliUsageException($"\"{transport}\" is not a valid source transport");
        }
    }

    private static (SyncDestination Destination, IReadOnlyList<ImageLocation> Images) ReadDestination(string? transport, string text, string? sourceTransport)
    {
        switch (transport)
        {
            case null or "":
                throw new CliUsageException("A destination transport must be specified");
            case "docker":
                // A stand-in image under the prefix carries the --dest-* TLS and auth-file flags to the prefix's
                // registry (a bare "host:port" alone would parse as a Docker Hub repository).
                var image = ImageArgument.Parse($"docker://{text.TrimEnd('/')}/x");
                return (SyncDestination.Registry(text), [image]);
            case "dir":
                return sourceTransport == "dir"
                    ? throw new CliUsageException("sync from 'dir' to 'dir' not implemented, consider using rsync instead")
                    : (SyncDestination.Directory(text), []);
            default:
                throw new CliUsageException($"\"{transport}\" is not a valid destination transport");
        }
    }

    private static RegistryCredential? Credential(ImageAccess access) =>
        access.RegistryToken is { } token ? RegistryCredential.FromRegistryToken(token)
        : access.Username is { } user ? RegistryCredential.FromUsernamePassword(user, access.Password ?? string.Empty)
        : null;

    /// <summary>One line on standard error per image that ends, as skopeo logs them.</summary>
    private sealed class LineProgress(TextWriter error) : IProgress<SyncProgressEvent>
    {
        private readonly Lock _lock = new();

        public void Report(SyncProgressEvent value)
        {
            var line = value.Kind switch
            {
                SyncProgressKind.ImageCopied => $"Copied {value.Source} to {value.Destination} ({value.Result!.DestinationDigest})",
                SyncProgressKind.ImageSkipped => $"Skipped {value.Source}: {value.Destination} already has {value.Result!.DestinationDigest}",
                SyncProgressKind.ImageWouldCopy => $"Would have copied image ref {value.Position}/{value.Count} from=\"{value.Source}\" to=\"{value.Destination}\"",
                SyncProgressKind.TagPruned => value.Result!.Status switch
                {
                    SyncImageStatus.WouldPrune => $"Would have deleted {value.Destination}: no longer at the source",
                    SyncImageStatus.Pruned => $"Deleted {value.Destination}: no longer at the source",
                    _ => $"Error pruning {value.Destination}: {CliErrors.MessageOf(value.Result.Error!)}",
                },
                SyncProgressKind.ImageDeferred => $"Not started {value.Source}: the source's pull budget is at the minimum to keep",
                SyncProgressKind.ImageFailed => $"Error copying ref \"{value.Source}\": {CliErrors.MessageOf(value.Result!.Error!)}",
                _ => null,
            };
            if (line is not null)
            {
                lock (_lock)
                {
                    error.WriteLine(line);
                }
            }
        }
    }
}
