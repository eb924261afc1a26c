using System.Text;

namespace OciRegistry.Client.Cli.Output;

/// <summary>Writes results to standard output.</summary>
internal static class StandardOutput
{
    /// <summary>
    /// Writes bytes exactly as they are (a manifest for <c>--raw</c>): straight to the stream under a
    /// <see cref="StreamWriter"/>, else decoded as UTF-8 (valid JSON round-trips unchanged).
    /// </summary>
    /// <param name="output">Standard output.</param>
    /// <param name="bytes">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteBytesAsync(TextWriter output, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output is StreamWriter { BaseStream: { CanWrite: true } stream } writer)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await output.WriteAsync(Encoding.UTF8.GetString(bytes.Span)).ConfigureAwait(false);
    }
}
