using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Cli.Output;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg list-tags docker://REPOSITORY</c>: prints <c>{"Repository": …, "Tags": […]}</c> as skopeo does.</summary>
internal static class ListTagsCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = new Argument<string>("SOURCE-IMAGE") { Description = "the repository, docker://REGISTRY/REPOSITORY (or an oci:, oci-archive:, docker-archive: path)" };
        var retryTimes = new Option<int?>("--retry-times") { Description = "the number of times to possibly retry", HelpName = "int" };
        var access = new ImageOptions(string.Empty);
        var command = new Command("list-tags", "List tags in the transport/repository specified by the SOURCE-IMAGE") { image, retryTimes };
        access.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            return context.RunAsync(
                result,
                () => $"listing tags of {text}",
                async ct =>
                {
                    var location = ImageArgument.Parse(text);
                    if (location.RegistryReference is { } reference && (reference.Tag is not null || reference.Digest is not null))
                    {
                        throw new CliUsageException("No tag or digest allowed in reference");
                    }

                    if (location.Transport == ImageTransport.Directory)
                    {
                        throw new CliUsageException("Unsupported transport 'dir' for tag listing. Supported: docker, oci, oci-archive, docker-archive");
                    }

                    if (location.Tag is not null || location.SourceIndex is not null)
                    {
                        throw new CliUsageException("No tag or digest allowed in reference");
                    }

                    var services = CliServices.Create(context.Console, context.Debug(result), [(location, access.Read(result, context.Console))], result.GetValue(retryTimes), registriesConf: context.RegistriesConf(result));
                    await using (services.ConfigureAwait(false))
                    {
                        var source = await services.Opener.OpenSourceAsync(location, ct).ConfigureAwait(false);
                        await using var release = source.ConfigureAwait(false);
                        var tags = new List<object?>();
                        await foreach (var tag in source.Tags!.ListTagsAsync(ct).ConfigureAwait(false))
                        {
                            tags.Add(tag);
                        }

                        var output = new GoStruct().Add("Repository", location.RegistryReference?.Name ?? location.Path!).Add("Tags", tags);
                        await context.Console.Out.WriteLineAsync(GoJsonSerializer.Serialize(output, indent: true)).ConfigureAwait(false);
                        return ExitCodes.Success;
                    }
                },
                cancellationToken);
        });
        return command;
    }
}
