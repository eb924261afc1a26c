using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg delete IMAGE</c>: deletes a manifest from a registry; a tag is resolved to its digest first, as skopeo does.</summary>
internal static class DeleteCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = new Argument<string>("IMAGE-NAME") { Description = "the image to delete, docker://REGISTRY/REPOSITORY:TAG or @DIGEST" };
        var retryTimes = new Option<int?>("--retry-times") { Description = "the number of times to possibly retry", HelpName = "int" };
        var access = new ImageOptions(string.Empty);
        var command = new Command("delete", "Delete image IMAGE-NAME") { image, retryTimes };
        access.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            return context.RunAsync(
                result,
                () => $"deleting {text}",
                async ct =>
                {
                    var location = ImageArgument.Parse(text);
                    if (location.RegistryReference is not { } reference)
                    {
                        throw new CliUsageException($"Deleting images is supported for docker:// images only, not \"{text}\"");
                    }

                    var services = CliServices.Create(context.Console, context.Debug(result), [(location, access.Read(result, context.Console))], result.GetValue(retryTimes), registriesConf: context.RegistriesConf(result));
                    await using (services.ConfigureAwait(false))
                    {
                        var repository = services.Client.GetRepository(reference, RepositoryAccess.Pull | RepositoryAccess.Delete);
                        var digest = reference.Digest ?? (await repository.ResolveAsync(location.SourceReference, ct).ConfigureAwait(false)).Digest;
                        await repository.DeleteManifestAsync(digest, ct).ConfigureAwait(false);
                        return ExitCodes.Success;
                    }
                },
                cancellationToken);
        });
        return command;
    }
}
