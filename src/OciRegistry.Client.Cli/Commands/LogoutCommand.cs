using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg logout [--all] [--authfile F] [REGISTRY]</c>: removes stored credentials.</summary>
internal static class LogoutCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registry = new Argument<string[]>("REGISTRY") { Description = "the registry, HOST[:PORT][/NAMESPACE]", Arity = ArgumentArity.ZeroOrMore };
        var all = BooleanOption.Create("--all", "Remove the cached credentials for all registries in the auth file", "-a");
        var authFile = new Option<string>("--authfile") { Description = "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", HelpName = "string" };
        var tlsVerify = BooleanOption.Create("--tls-verify", "require HTTPS and verify certificates when accessing the registry (accepted; logout does not contact the registry)");
        var command = new Command("logout", "Logout of a container registry") { registry, all, authFile, tlsVerify };
        command.SetAction((result, cancellationToken) =>
        {
            var names = result.GetValue(registry) ?? [];
            return context.RunAsync(
                result,
                () => $"logging out of {string.Join(' ', names)}",
                async ct =>
                {
                    var everything = result.GetValue(all);
                    if (names.Length > 1)
                    {
                        throw new CliUsageException("logout accepts only one registry to logout from");
                    }

                    if (names.Length == 0 && !everything)
                    {
                        throw new CliUsageException("registry must be given");
                    }

                    if (names.Length > 0 && everything)
                    {
                        throw new CliUsageException("--all takes no arguments");
                    }

                    var access = ImageAccess.Default with { AuthFile = result.GetValue(authFile) };
                    var services = CliServices.Create(context.Console, context.Debug(result), [], sharedAccess: access);
                    await using (services.ConfigureAwait(false))
                    {
                        if (everything)
                        {
                            await services.Logins.EraseAllAsync(ct).ConfigureAwait(false);
                            await context.Console.Out.WriteLineAsync("Removed login credentials for all registries").ConfigureAwait(false);
                            return ExitCodes.Success;
                        }

                        var name = RegistryName.Normalize(names[0]);
                        if (!await services.Logins.EraseAsync(name, ct).ConfigureAwait(false))
                        {
                            throw new CliUsageException($"not logged into {name}");
                        }

                        await context.Console.Out.WriteLineAsync($"Removed login credentials for {name}").ConfigureAwait(false);
                        return ExitCodes.Success;
                    }
                },
                cancellationToken);
        });
        return command;
    }
}
