using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Trust.Sigstore.Keys;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg generate-sigstore-key --output-prefix PREFIX</c>: writes a new ECDSA P-256 key pair, PREFIX.private in
/// cosign's encrypted format and PREFIX.pub, as skopeo does; refuses to overwrite either file.
/// </summary>
internal static class GenerateSigstoreKeyCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outputPrefix = new Option<string>("--output-prefix") { Description = "Write the keys to PREFIX.pub and PREFIX.private", HelpName = "PREFIX" };
        var passphraseFile = new Option<string>("--passphrase-file") { Description = "Read a passphrase for the private key from PATH", HelpName = "PATH" };
        var command = new Command("generate-sigstore-key", "Generate a sigstore public/private key pair") { outputPrefix, passphraseFile };
        command.SetAction((result, cancellationToken) =>
        {
            var prefix = result.GetValue(outputPrefix);
            return context.RunAsync(
                result,
                () => "Error generating sigstore key",
                ct => RunAsync(context.Console, prefix, result.GetValue(passphraseFile), ct),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string? prefix, string? passphraseFile, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            throw new CliUsageException("Usage: generate-sigstore-key --output-prefix PREFIX");
        }

        var publicKeyPath = prefix + ".pub";
        var privateKeyPath = prefix + ".private";
        foreach (var path in new[] { publicKeyPath, privateKeyPath })
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliUsageException($"Refusing to overwrite existing \"{path}\"");
            }
        }

        var passphrase = passphraseFile is not null
            ? await ReadPassphraseFileAsync(passphraseFile, cancellationToken).ConfigureAwait(false)
            : PromptForPassphrase(console, privateKeyPath);
        string privatePem;
        string publicPem;
        try
        {
            using var key = SigstorePrivateKey.Generate();
            privatePem = key.ExportEncryptedPem(passphrase);
            publicPem = key.ExportPublicKeyPem();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }

        await WriteNewFileAsync(privateKeyPath, privatePem, UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
        await WriteNewFileAsync(
            publicKeyPath,
            publicPem,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Key written to \"{privateKeyPath}\" and \"{publicKeyPath}\"").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The first line of the file, without its line break, as gpg and skopeo read passphrase files.</summary>
    internal static async Task<byte[]> ReadPassphraseFileAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            var end = Array.IndexOf(bytes, (byte)'\n');
            return bytes.AsSpan(0, end >= 0 ? end : bytes.Length).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] PromptForPassphrase(CliConsole console, string privateKeyPath)
    {
        if (!console.InputIsTerminal)
        {
            throw new CliUsageException($"Cannot prompt for a passphrase for key {privateKeyPath}, standard input is not a TTY");
        }

        console.Error.Write($"Passphrase for key {privateKeyPath}: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }

                continue;
            }

            typed.Append(key.KeyChar);
        }

        console.Error.WriteLine();
        var passphrase = Encoding.UTF8.GetBytes(typed.ToString());
        typed.Clear();
        return passphrase;
    }

    private static async Task WriteNewFileAsync(string path, string content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            var stream = new FileStream(path, options);
            await using var _ = stream.ConfigureAwait(false);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (File.Exists(path) && e is not FileNotFoundException)
        {
            throw new CliUsageException($"Refusing to overwrite existing \"{path}\"");
        }
    }
}
