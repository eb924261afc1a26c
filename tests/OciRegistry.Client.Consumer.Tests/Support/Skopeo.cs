using System.Diagnostics;

namespace Consumer.Tests.Support;

/// <summary>skopeo, an oracle no one here wrote: reads back what the code under test wrote to a registry.</summary>
public static class Skopeo
{
    /// <summary>
    /// <c>skopeo inspect --raw</c> over plain HTTP: the manifest's bytes exactly as the registry serves them.
    /// </summary>
    /// <param name="reference">A reference without a transport, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <returns>The manifest's bytes.</returns>
    public static async Task<byte[]> InspectRawAsync(string reference)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("OCIREG_SKOPEO_BIN") ?? "skopeo")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["inspect", "--raw", "--tls-verify=false", $"docker://{reference}"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start.");
        using var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await reading;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"skopeo inspect --raw docker://{reference} exited with {process.ExitCode}: {await error}");
        }

        return output.ToArray();
    }
}
