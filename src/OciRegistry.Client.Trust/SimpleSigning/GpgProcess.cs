using System.Diagnostics;
using System.Text;

namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>
/// Runs GnuPG (the program containers/image reaches through gpgme) with arguments as a list, never through a shell,
/// and with no secret in its arguments: a passphrase is written to its standard input. Its status lines
/// (<c>--status-fd 2</c>) are what callers read; stdout carries the data.
/// </summary>
internal static class GpgProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, byte[] Output, IReadOnlyList<string> Status, string Errors)
    {
        /// <summary>The first status line with the keyword, split into its words after the keyword; <see langword="null"/> when absent.</summary>
        public string[]? StatusOf(string keyword)
        {
            foreach (var line in Status)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 0 && string.Equals(words[0], keyword, StringComparison.Ordinal))
                {
                    return words[1..];
                }
            }

            return null;
        }

        /// <summary>gpg's own explanation, one line, for messages.</summary>
        public string Explanation =>
            Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("[GNUPG:]", StringComparison.Ordinal))
                .LastOrDefault() ?? $"gpg exited with {ExitCode}";
    }

    public static async Task<Result> RunAsync(string program, string? home, IReadOnlyList<string> arguments, byte[]? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--batch");
        start.ArgumentList.Add("--no-tty");
        start.ArgumentList.Add("--status-fd");
        start.ArgumentList.Add("2");
        if (home is not null)
        {
            start.ArgumentList.Add("--homedir");
            start.ArgumentList.Add(home);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new TrustPolicyException($"cannot start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TrustPolicyException($"cannot run {program} (GnuPG), which simple signing needs: {e.Message}", e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                var output = new MemoryStream();
                var readOutput = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
                var readErrors = process.StandardError.ReadToEndAsync(timeout.Token);
                if (input is not null)
                {
                    await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token).ConfigureAwait(false);
                }

                process.StandardInput.Close();
                await readOutput.ConfigureAwait(false);
                var errors = await readErrors.ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var status = errors.Split('\n')
                    .Where(l => l.StartsWith("[GNUPG:] ", StringComparison.Ordinal))
                    .Select(l => l["[GNUPG:] ".Length..].TrimEnd('\r'))
                    .ToArray();
                return new Result(process.ExitCode, output.ToArray(), status, errors);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TrustPolicyException($"{program} did not finish within {Timeout.TotalSeconds:0} s");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            catch (IOException e)
            {
                // gpg closes its input early when it refuses the data; its exit code says why.
                process.Kill(entireProcessTree: true);
                throw new TrustPolicyException($"{program}: {e.Message}", e);
            }
        }
    }

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
