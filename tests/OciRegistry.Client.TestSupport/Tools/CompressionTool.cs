using System.Diagnostics;

namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>
/// The command-line codecs (gzip, zstd, xz, bzip2), as independent oracles: they compress the inputs the tests read and
/// decompress what the tests write.
/// </summary>
public static class CompressionTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>Compresses <paramref name="content"/> with <paramref name="tool"/> (<c>gzip</c>, <c>zstd</c>, <c>xz</c>, <c>bzip2</c>).</summary>
    public static Task<byte[]> CompressAsync(string tool, byte[] content) => RunAsync(tool, ["-c"], content);

    /// <summary>Decompresses <paramref name="content"/> with <paramref name="tool"/>.</summary>
    public static Task<byte[]> DecompressAsync(string tool, byte[] content) => RunAsync(tool, ["-d", "-c"], content);

    private static async Task<byte[]> RunAsync(string tool, string[] arguments, byte[] input)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        using var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token);
        process.StandardInput.Close();
        await reading;
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
        }

        return output.ToArray();
    }
}
