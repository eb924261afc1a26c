using System.CommandLine;

namespace OciRegistry.Client.Cli.Options;

/// <summary>
/// skopeo's <c>--shared-blob-dir DIRECTORY</c> (<c>--src-</c> and <c>--dest-</c> on <c>copy</c>): the OCI layouts of
/// the command keep their blobs in DIRECTORY, as <c>ALG/ENCODED</c>, instead of their own <c>blobs/</c>.
/// </summary>
internal static class SharedBlobDirectoryOption
{
    /// <summary>Creates the flag.</summary>
    /// <param name="prefix">The flag prefix: empty, <c>src-</c> or <c>dest-</c>.</param>
    /// <returns>The flag.</returns>
    public static Option<string> Create(string prefix) =>
        new($"--{prefix}shared-blob-dir") { Description = "DIRECTORY to use to share blobs across OCI repositories", HelpName = "DIRECTORY" };

    /// <summary>Reads the flag: its value, or <see langword="null"/> when absent or empty (as skopeo, each layout's own <c>blobs/</c>).</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="option">The flag.</param>
    /// <returns>The directory, or <see langword="null"/>.</returns>
    public static string? Read(ParseResult result, Option<string> option)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(option);
        return result.GetValue(option) is { Length: > 0 } value ? value : null;
    }
}
