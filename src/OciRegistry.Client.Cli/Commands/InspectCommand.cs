using System.CommandLine;
using System.Text.Json;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Cli.Output;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg inspect [--raw] [--config] [--no-tags] [--format TEMPLATE] IMAGE</c>.</summary>
internal static class InspectCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = new Argument<string>("IMAGE-NAME") { Description = "the image to inspect, for example docker://nginx or oci:/path:tag" };
        var raw = BooleanOption.Create("--raw", "output raw manifest or configuration");
        var config = BooleanOption.Create("--config", "output configuration");
        var noTags = BooleanOption.Create("--no-tags", "Do not list the available tags from the repository in the output", "-n");
        var format = new Option<string>("--format", "-f") { Description = "Format the output to a Go template", HelpName = "string" };
        var retryTimes = new Option<int?>("--retry-times") { Description = "the number of times to possibly retry", HelpName = "int" };
        var access = new ImageOptions(string.Empty);

        var command = new Command("inspect", "Inspect image IMAGE-NAME") { image, raw, config, noTags, format, retryTimes };
        access.AddTo(command);
        var sharedBlobs = SharedBlobDirectoryOption.Create(string.Empty);
        command.Add(sharedBlobs);
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            return context.RunAsync(
                result,
                () => $"inspecting {text}",
                async ct =>
                {
                    var location = ImageArgument.Parse(text);
                    var options = new Request(
                        result.GetValue(raw),
                        result.GetValue(config),
                        result.GetValue(noTags),
                        result.GetValue(format),
                        context.Globals.SystemPlatform(result));
                    var template = options.Format is { } f ? GoTemplate.Parse(f) : null;
                    var services = CliServices.Create(context.Console, context.Debug(result), [(location, access.Read(result, context.Console))], result.GetValue(retryTimes), registriesConf: context.RegistriesConf(result));
                    await using (services.ConfigureAwait(false))
                    {
                        var opener = SharedBlobDirectoryOption.Read(result, sharedBlobs) is { } shared
                            ? new ImageOpener([services.Client, new FileImageOpener { SourceSharedBlobDirectory = shared }])
                            : services.Opener;
                        return await RunAsync(context.Console, opener, location, options, template, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, ImageOpener opener, ImageLocation location, Request request, GoTemplate? template, CancellationToken cancellationToken)
    {
        var image = await opener.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        await using var release = image.ConfigureAwait(false);
        var source = image.Source;
        var topLevel = await source.FetchManifestAsync(image.Reference, cancellationToken).ConfigureAwait(false);
        if (request.Raw && !request.Config)
        {
            await StandardOutput.WriteBytesAsync(console.Out, topLevel.Content, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (request.Config)
        {
            var configured = await ImageInspection.ReadAsync(source, topLevel, request.Platform, cancellationToken).ConfigureAwait(false);
            if (request.Raw)
            {
                await StandardOutput.WriteBytesAsync(console.Out, configured.Config, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            using var document = JsonDocument.Parse(configured.Config);

            // JSON re-indents the document as stored; a template reads it as Go values (members as fields).
            object? config = template is null ? document.RootElement.Clone() : GoJsonValues.From(document.RootElement);
            await WriteAsync(console, template, config).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // The tag list is read while the config (and an index's platform manifest) is: one round trip less than
        // one after the other, as skopeo does. Only a registry image lists its repository's tags.
        using var tagsCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listing = location.RegistryReference is not null && !request.NoTags && image.Tags is { } tagLister
            ? ListTagsAsync(tagLister, tagsCancellation.Token)
            : Task.FromResult<IReadOnlyList<string>>([]);
        ImageInspection inspection;
        try
        {
            inspection = await ImageInspection.ReadAsync(source, topLevel, request.Platform, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await tagsCancellation.CancelAsync().ConfigureAwait(false);
            await ((Task)listing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var tags = await listing.ConfigureAwait(false);
        var output = inspection.ToOutput(location.RegistryReference?.Name, tags);
        await WriteAsync(console, template, output).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task WriteAsync(CliConsole console, GoTemplate? template, object? value)
    {
        var text = template is null ? GoJsonSerializer.Serialize(value, indent: true) : template.Execute(value);
        await console.Out.WriteLineAsync(text).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> ListTagsAsync(ITagLister lister, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        try
        {
            await foreach (var tag in lister.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                tags.Add(tag);
            }
        }
        catch (RegistryAuthenticationException)
        {
            // As skopeo: a registry that lets us read the image but not list its tags still gets inspected.
            return [];
        }

        return tags;
    }

    private sealed record Request(bool Raw, bool Config, bool NoTags, string? Format, Models.Platform Platform);
}
