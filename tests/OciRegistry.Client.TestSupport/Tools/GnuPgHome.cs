using System.Diagnostics;
using System.Text;

namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>
/// A throw-away GnuPG home (a temporary <c>GNUPGHOME</c>) with keys generated in it, for simple-signing tests: the
/// key signs through skopeo or ocireg given <see cref="Environment"/>, and <see cref="ExportPublicKeyAsync"/> writes
/// the public key a policy trusts. Disposing stops the gpg-agent of this home and deletes it.
/// </summary>
public sealed class GnuPgHome : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private GnuPgHome(string directory) => Directory = directory;

    /// <summary>Gets the home directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the environment that points GnuPG (and gpgme in skopeo) at this home.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["GNUPGHOME"] = Directory };

    /// <summary>Creates an empty home.</summary>
    public static GnuPgHome Create()
    {
        // Short path: gpg-agent's socket path must fit in a sockaddr_un.
        var directory = System.IO.Directory.CreateTempSubdirectory("gpg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.WriteAllText(Path.Combine(directory, "gpg-agent.conf"), "allow-loopback-pinentry\n");
        return new GnuPgHome(directory);
    }

    /// <summary>Generates an Ed25519 signing key and returns its fingerprint.</summary>
    /// <param name="userId">The key's user ID.</param>
    /// <param name="passphrase">Its passphrase; empty for none.</param>
    public async Task<string> GenerateKeyAsync(string userId, string passphrase)
    {
        await RunAsync("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-generate-key", userId, "ed25519", "sign", "never"]);
        var listing = await RunAsync("gpg", ["--batch", "--with-colons", "--list-secret-keys", userId]);
        var fingerprint = listing.StandardOutput.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        return fingerprint;
    }

    /// <summary>Exports a public key (binary) to a file and returns its path.</summary>
    public async Task<string> ExportPublicKeyAsync(string fingerprint, string path)
    {
        var export = await RunAsync("gpg", ["--batch", "--export", fingerprint]);
        await File.WriteAllBytesAsync(path, export.StandardOutputBytes.ToArray());
        return path;
    }

    /// <summary>Runs a program with this home as <c>GNUPGHOME</c>, stdin closed, and throws unless it exits with 0.</summary>
    public async Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var result = await RunUncheckedAsync(program, arguments);
        return result.ExitCode == 0
            ? result
            : throw new ExternalToolException($"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}", result);
    }

    /// <summary>Runs a program with this home as <c>GNUPGHOME</c>, stdin closed.</summary>
    public async Task<ToolResult> RunUncheckedAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GNUPGHOME"] = Directory;
        using var process = Process.Start(start) ?? throw new ExternalToolException($"{program} did not start.");
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(output);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new ExternalToolException($"{program} did not finish within {Timeout.TotalSeconds:0} s and was killed.");
        }

        await Task.WhenAll(stdout, stderr);
        return new ToolResult(process.ExitCode, output.ToArray(), await stderr);
    }

    public void Dispose()
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Directory, "--kill", "all"]) { UseShellExecute = false });
            kill?.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // gpgconf missing: there is no agent of ours to stop either.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A socket vanishing while the directory is removed; the temporary directory is left behind.
        }
    }
}
