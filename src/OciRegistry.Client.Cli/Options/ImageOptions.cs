using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli.Options;

/// <summary>
/// skopeo's per-image flags — <c>--creds</c>, <c>--username</c>, <c>--password</c>, <c>--registry-token</c>,
/// <c>--no-creds</c>, <c>--authfile</c>, <c>--cert-dir</c>, <c>--tls-verify</c> — with a prefix (<c>src-</c>,
/// <c>dest-</c>) on <c>copy</c>, and skopeo's rules for combining them.
/// </summary>
internal sealed class ImageOptions
{
    /// <summary>Initializes a new instance of the <see cref="ImageOptions"/> class.</summary>
    /// <param name="prefix">The flag prefix: empty, <c>src-</c> or <c>dest-</c>.</param>
    /// <param name="withAuthFile">Whether this set has its own <c>--authfile</c>.</param>
    public ImageOptions(string prefix, bool withAuthFile = true)
    {
        Prefix = prefix;
        AuthFile = withAuthFile
            ? new Option<string>($"--{prefix}authfile") { Description = "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json", HelpName = "string" }
            : null;
        CertDir = new Option<string>($"--{prefix}cert-dir") { Description = "use certificates at PATH (*.crt, *.cert, *.key) to connect to the registry", HelpName = "PATH" };
        Creds = new Option<string>($"--{prefix}creds") { Description = "Use USERNAME[:PASSWORD] for accessing the registry", HelpName = "USERNAME[:PASSWORD]" };
        Username = new Option<string>($"--{prefix}username") { Description = "Username for accessing the registry", HelpName = "string" };
        Password = new Option<string>($"--{prefix}password") { Description = "Password for accessing the registry", HelpName = "string" };
        RegistryToken = new Option<string>($"--{prefix}registry-token") { Description = "Provide a Bearer token for accessing the registry", HelpName = "string" };
        NoCreds = BooleanOption.Create($"--{prefix}no-creds", "Access the registry anonymously");
        TlsVerify = BooleanOption.Create($"--{prefix}tls-verify", "require HTTPS and verify certificates when talking to the container registry");
    }

    /// <summary>Gets the prefix of these flags.</summary>
    public string Prefix { get; }

    /// <summary>Gets <c>--authfile</c>, when this set has one.</summary>
    public Option<string>? AuthFile { get; }

    /// <summary>Gets <c>--cert-dir</c>.</summary>
    public Option<string> CertDir { get; }

    /// <summary>Gets <c>--creds</c>.</summary>
    public Option<string> Creds { get; }

    /// <summary>Gets <c>--username</c>.</summary>
    public Option<string> Username { get; }

    /// <summary>Gets <c>--password</c>.</summary>
    public Option<string> Password { get; }

    /// <summary>Gets <c>--registry-token</c>.</summary>
    public Option<string> RegistryToken { get; }

    /// <summary>Gets <c>--no-creds</c>.</summary>
    public Option<bool> NoCreds { get; }

    /// <summary>Gets <c>--tls-verify</c>.</summary>
    public Option<bool> TlsVerify { get; }

    /// <summary>Adds these flags to a command.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AuthFile is not null)
        {
            command.Add(AuthFile);
        }

        command.Add(CertDir);
        command.Add(Creds);
        command.Add(Username);
        command.Add(Password);
        command.Add(RegistryToken);
        command.Add(NoCreds);
        command.Add(TlsVerify);
    }

    /// <summary>Reads the flags and applies skopeo's rules (same checks, same messages).</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="console">Where a password is prompted for when <c>--creds USER</c> has none.</param>
    /// <param name="sharedAuthFile">The command's unprefixed <c>--authfile</c>, used when this set's own is not given.</param>
    /// <returns>The image's access settings.</returns>
    /// <exception cref="CliUsageException">The flags contradict each other.</exception>
    public ImageAccess Read(ParseResult result, CliConsole console, string? sharedAuthFile = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(console);
        var creds = result.GetValue(Creds);
        var username = result.GetValue(Username);
        var password = result.GetValue(Password);
        var noCreds = result.GetValue(NoCreds);
        var credsPresent = result.GetResult(Creds) is not null;
        var usernamePresent = result.GetResult(Username) is not null;
        var passwordPresent = result.GetResult(Password) is not null;

        if (credsPresent && noCreds)
        {
            throw new CliUsageException("creds and no-creds cannot be specified at the same time");
        }

        if (usernamePresent && noCreds)
        {
            throw new CliUsageException("username and no-creds cannot be specified at the same time");
        }

        if (credsPresent && usernamePresent)
        {
            throw new CliUsageException("creds and username cannot be specified at the same time");
        }

        if (usernamePresent != passwordPresent)
        {
            throw new CliUsageException(usernamePresent
                ? "password must be specified when username is specified"
                : "username must be specified when password is specified");
        }

        if (credsPresent)
        {
            (username, password) = SplitCreds(creds ?? string.Empty, console);
        }

        var token = result.GetValue(RegistryToken);
        var tlsVerify = BooleanOption.IsPresent(result, TlsVerify) ? result.GetValue(TlsVerify) : (bool?)null;
        var authFile = (AuthFile is null ? null : result.GetValue(AuthFile)) ?? sharedAuthFile;
        return new ImageAccess(
            noCreds ? null : username,
            noCreds ? null : password,
            token,
            noCreds,
            authFile,
            result.GetValue(CertDir),
            tlsVerify);
    }

    /// <summary>Splits <c>USERNAME[:PASSWORD]</c> as skopeo does; a missing password is prompted for on a terminal.</summary>
    /// <param name="creds">The flag's value.</param>
    /// <param name="console">The console, for the prompt.</param>
    /// <returns>The username and password.</returns>
    /// <exception cref="CliUsageException">The value is empty, or the password is missing and cannot be asked for.</exception>
    internal static (string Username, string Password) SplitCreds(string creds, CliConsole console)
    {
        if (creds.Length == 0)
        {
            throw new CliUsageException("credentials can't be empty");
        }

        var colon = creds.IndexOf(':', StringComparison.Ordinal);
        var username = colon < 0 ? creds : creds[..colon];
        var password = colon < 0 ? string.Empty : creds[(colon + 1)..];
        if (username.Length == 0)
        {
            throw new CliUsageException("username can't be empty");
        }

        if (colon < 0)
        {
            if (!console.InputIsTerminal)
            {
                throw new CliUsageException("password is missing from the credentials and standard input is not a terminal to ask for it: use USERNAME:PASSWORD");
            }

            console.Error.Write("Password: ");
            password = console.In.ReadLine() ?? string.Empty;
        }

        return (username, password);
    }
}
