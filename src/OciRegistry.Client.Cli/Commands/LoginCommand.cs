using System.CommandLine;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg login [-u USER] [-p PASS | --password-stdin] [--authfile F] [--tls-verify] [--cert-dir D] REGISTRY</c>:
/// checks the credentials against the registry, then stores them in the auth file (or its credential helper).
/// </summary>
internal static class LoginCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registry = new Argument<string[]>("REGISTRY") { Description = "the registry, HOST[:PORT][/NAMESPACE]", Arity = ArgumentArity.ZeroOrMore };
        var username = new Option<string>("--username", "-u") { Description = "Username for registry", HelpName = "string" };
        var password = new Option<string>("--password", "-p") { Description = "Password for registry", HelpName = "string" };
        var passwordStdin = BooleanOption.Create("--password-stdin", "Take the password from stdin");
        var getLogin = BooleanOption.Create("--get-login", "Return the current login user for the registry");
        var authFile = new Option<string>("--authfile") { Description = "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override", HelpName = "string" };
        var certDir = new Option<string>("--cert-dir") { Description = "use certificates at the specified path to access the registry", HelpName = "string" };
        var tlsVerify = BooleanOption.Create("--tls-verify", "require HTTPS and verify certificates when accessing the registry");
        var verbose = BooleanOption.Create("--verbose", "Write more detailed information to stdout", "-v");
        var command = new Command("login", "Login to a container registry") { registry, username, password, passwordStdin, getLogin, authFile, certDir, tlsVerify, verbose };
        command.SetAction((result, cancellationToken) =>
        {
            var names = result.GetValue(registry) ?? [];
            return context.RunAsync(
                result,
                () => $"logging in to {string.Join(' ', names)}",
                async ct =>
                {
                    if (names.Length > 1)
                    {
                        throw new CliUsageException("login accepts only one registry to login to");
                    }

                    if (names.Length == 0)
                    {
                        throw new CliUsageException("please provide a registry to login to");
                    }

                    var name = RegistryName.Normalize(names[0]);
                    var access = new ImageAccess(
                        null,
                        null,
                        null,
                        false,
                        result.GetValue(authFile),
                        result.GetValue(certDir),
                        BooleanOption.IsPresent(result, tlsVerify) ? result.GetValue(tlsVerify) : null);
                    var services = CliServices.Create(context.Console, context.Debug(result), [], sharedAccess: access, sharedRegistry: RegistryName.Host(name));
                    await using (services.ConfigureAwait(false))
                    {
                        if (result.GetValue(getLogin))
                        {
                            var stored = await services.Logins.GetAsync(name, ct).ConfigureAwait(false);
                            if (stored?.Username is not { Length: > 0 } user)
                            {
                                throw new CliUsageException($"not logged into {name}");
                            }

                            await context.Console.Out.WriteLineAsync(user).ConfigureAwait(false);
                            return ExitCodes.Success;
                        }

                        var credential = ReadCredential(context.Console, result, username, password, passwordStdin);
                        await services.Client.CheckCredentialsAsync(RegistryName.Host(name), credential, ct).ConfigureAwait(false);
                        await services.Logins.StoreAsync(name, credential, ct).ConfigureAwait(false);
                        await context.Console.Out.WriteLineAsync("Login Succeeded!").ConfigureAwait(false);
                        return ExitCodes.Success;
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static RegistryCredential ReadCredential(CliConsole console, ParseResult result, Option<string> usernameOption, Option<string> passwordOption, Option<bool> stdinOption)
    {
        var username = result.GetValue(usernameOption);
        var password = result.GetValue(passwordOption);
        var fromStdin = result.GetValue(stdinOption);
        if (fromStdin && password is not null)
        {
            throw new CliUsageException("Can't specify both --password-stdin and --password");
        }

        if (fromStdin && username is null)
        {
            throw new CliUsageException("Must provide --username with --password-stdin");
        }

        if (username is null)
        {
            if (!console.InputIsTerminal)
            {
                throw new CliUsageException("no username given (-u) and standard input is not a terminal to ask for one");
            }

            console.Error.Write("Username: ");
            username = console.In.ReadLine()?.Trim() ?? string.Empty;
        }

        if (fromStdin)
        {
            // As podman: everything on standard input, without the final line break.
            password = console.In.ReadToEnd().TrimEnd('\n', '\r');
        }
        else if (password is null)
        {
            if (!console.InputIsTerminal)
            {
                throw new CliUsageException("no password given (-p or --password-stdin) and standard input is not a terminal to ask for one");
            }

            console.Error.Write("Password: ");
            password = console.In.ReadLine() ?? string.Empty;
        }

        if (username.Length == 0)
        {
            throw new CliUsageException("username can't be empty");
        }

        if (password.Length == 0)
        {
            throw new CliUsageException("password can't be empty");
        }

        return RegistryCredential.FromUsernamePassword(username, password);
    }
}
