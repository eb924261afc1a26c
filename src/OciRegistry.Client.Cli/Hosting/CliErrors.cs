using System.Security.Authentication;
using System.Text;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>Turns a failure into the exit code and the one line <c>ocireg</c> prints for it.</summary>
internal static class CliErrors
{
    // The SDK ends "registry could not be reached" messages with what to set in its options; here those are flags.
    private const string SdkTlsHint = " If it serves plain HTTP or a certificate not trusted here";
    private const string CliTlsHint =
        "if it serves plain HTTP or a certificate not trusted here, use --tls-verify=false or --cert-dir DIR (--src-/--dest- forms on copy and sync)";

    // A refused copy (ImageCopyException) names the CopyOptions that would change the outcome; here those are flags.
    // The longer name comes first, so that the values of --format are written as the flag takes them.
    private static readonly (string Option, string Flag)[] CopyOptionFlags =
    [
        ($"{nameof(CopyOptions)}.{nameof(CopyOptions.Format)}: {nameof(ManifestFormat.DockerV2S2)} or {nameof(ManifestFormat.Oci)}", "--format v2s2 or oci"),
        ($"{nameof(CopyOptions)}.{nameof(CopyOptions.Format)}", "--format"),
        ($"{nameof(CopyOptions)}.{nameof(CopyOptions.PreserveDigests)}", "--preserve-digests"),
    ];

    /// <summary>Gets the exit code for a failure: 2 when an image, tag or repository does not exist, else 1.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see cref="ExitCodes.NotFound"/> or <see cref="ExitCodes.Failure"/>.</returns>
    public static int ExitCodeFor(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // Blobs missing behind an existing manifest are a broken image, not a missing one.
            BlobNotFoundException => ExitCodes.Failure,
            NotFoundException or ImageNotFoundException => ExitCodes.NotFound,
            AggregateException { InnerExceptions.Count: 1 } a => ExitCodeFor(a.InnerExceptions[0]),
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>
    /// Formats a failure as one line: what was being done, the SDK's message (which names the image and the
    /// registry's error code), and the causes that add something (a socket or TLS error).
    /// </summary>
    /// <param name="context">What was being done, for example <c>inspecting docker://host/repo:tag</c>; may be empty.</param>
    /// <param name="exception">The failure.</param>
    /// <returns>The line, without the <c>ocireg: </c> prefix and without a line break.</returns>
    public static string Describe(string? context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(context))
        {
            text.Append(context).Append(": ");
        }

        var seen = new List<string>();
        var tlsHint = false;
        var refusedCopy = IsRefusedCopy(exception);
        for (var current = exception; current is not null; current = Next(current))
        {
            var message = refusedCopy ? WithFlags(current.Message) : current.Message;
            if (current is HttpRequestException && message.IndexOf(SdkTlsHint, StringComparison.Ordinal) is var hint and >= 0)
            {
                message = message[..hint];
                tlsHint = true;
            }

            message = Clean(message);
            if (message.Length == 0 || seen.Any(s => s.Contains(message, StringComparison.Ordinal)))
            {
                continue;
            }

            if (seen.Count > 0)
            {
                text.Append(": ");
            }

            text.Append(message);
            seen.Add(message);
        }

        if (exception is OciRegistryException { ErrorCode: { } code } && !text.ToString().Contains(code.Value, StringComparison.Ordinal))
        {
            text.Append(" (").Append(code.Value).Append(')');
        }

        if (tlsHint)
        {
            text.Append("; ").Append(CliTlsHint);
        }

        return text.ToString();
    }

    /// <summary>
    /// Gets a failure's message as the CLI shows it: the copy options a refused copy names are written as the flags
    /// that set them (<c>--format</c>, <c>--preserve-digests</c>).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The message.</returns>
    public static string MessageOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsRefusedCopy(exception) ? WithFlags(exception.Message) : exception.Message;
    }

    // A message that wraps a refused copy (a sync's "Error copying …") repeats its text, so the whole chain is rewritten.
    private static bool IsRefusedCopy(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = Next(current))
        {
            if (current is ImageCopyException)
            {
                return true;
            }
        }

        return false;
    }

    private static string WithFlags(string message)
    {
        foreach (var (option, flag) in CopyOptionFlags)
        {
            message = message.Replace(option, flag, StringComparison.Ordinal);
        }

        return message;
    }

    private static Exception? Next(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => a.InnerExceptions[0],
        HttpRequestException or AuthenticationException or IOException or OciRegistryException => exception.InnerException,
        _ => exception.InnerException is System.Net.Sockets.SocketException or AuthenticationException or IOException ? exception.InnerException : null,
    };

    private static string Clean(string message)
    {
        // One line: registries and sockets sometimes put line breaks in their messages.
        var line = message.ReplaceLineEndings(" ").Trim();
        while (line.EndsWith('.'))
        {
            line = line[..^1];
        }

        return line;
    }
}
