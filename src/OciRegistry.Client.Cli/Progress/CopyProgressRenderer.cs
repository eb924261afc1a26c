using System.Collections.Concurrent;
using System.Globalization;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Progress;

/// <summary>
/// Shows a copy's progress. skopeo's lines (<c>Getting image source signatures</c>, <c>Copying blob sha256:…</c>,
/// <c>Copying config sha256:…</c>, <c>Writing manifest to image destination</c>, <c>Storing signatures</c>) go to
/// standard output, where skopeo prints them, unless both standard output and standard error are terminals; live bars
/// with rate and ETA go to standard error when it is a terminal. With <c>--quiet</c> there is nothing
/// (<see cref="Create"/> returns <see langword="null"/>).
/// </summary>
internal abstract class CopyProgressRenderer : IProgress<CopyProgressEvent>, IDisposable
{
    /// <summary>Creates the renderer for a console.</summary>
    /// <param name="console">The console: its streams and which of them are terminals.</param>
    /// <param name="quiet"><c>--quiet</c>.</param>
    /// <param name="gettingSignatures">Whether the copy reads the source's signatures (skopeo then says so first).</param>
    /// <param name="destinationIsStandardOutput">Whether the image itself is written to standard output: the lines then go to standard error.</param>
    /// <returns>The renderer, or <see langword="null"/> when quiet.</returns>
    public static CopyProgressRenderer? Create(CliConsole console, bool quiet, bool gettingSignatures, bool destinationIsStandardOutput)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (quiet)
        {
            return null;
        }

        var bars = console.ErrorIsTerminal ? new TerminalProgressRenderer(console.Error, console.Width, TimeProvider.System) : null;
        if (bars is not null && (console.OutputIsTerminal || destinationIsStandardOutput))
        {
            return bars;
        }

        var lines = new LineProgressRenderer(destinationIsStandardOutput ? console.Error : console.Out, gettingSignatures);
        return bars is null ? lines : new CombinedProgressRenderer(lines, bars);
    }

    /// <inheritdoc/>
    public abstract void Report(CopyProgressEvent value);

    /// <summary>Draws the final state (on a terminal) once the copy ended.</summary>
    public virtual void Complete()
    {
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Names a blob as skopeo does: <c>blob</c> or <c>config</c>.</summary>
    /// <param name="content">The blob.</param>
    /// <returns>The word.</returns>
    protected static string Kind(Descriptor content) => MediaTypes.IsImageConfig(content.MediaType) ? "config" : "blob";

    /// <summary>Formats a byte count as skopeo's progress bars do (<c>12.3MiB</c>).</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    internal static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes}B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0}{units[unit]}");
    }
}

/// <summary>Live bars, one per blob, redrawn in place with rate and ETA.</summary>
internal sealed class TerminalProgressRenderer : CopyProgressRenderer
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _error;
    private readonly int _width;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<BlobLine> _lines = [];
    private readonly ConcurrentDictionary<Digest, BlobLine> _byDigest = new();
    private readonly List<string> _messages = [];
    private int _drawnLines;
    private long _lastDraw = long.MinValue;

    /// <summary>Initializes a new instance of the <see cref="TerminalProgressRenderer"/> class.</summary>
    /// <param name="error">Standard error (a terminal).</param>
    /// <param name="width">The terminal width.</param>
    /// <param name="time">The clock (throttling and rates).</param>
    public TerminalProgressRenderer(TextWriter error, int width, TimeProvider time)
    {
        _error = error;
        _width = Math.Max(width, 40);
        _time = time;
    }

    /// <inheritdoc/>
    public override void Report(CopyProgressEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (value.Kind == CopyProgressKind.ManifestPushed)
            {
                _messages.Add($"Writing manifest {value.Content.Digest} to image destination");
                Draw(now);
                return;
            }

            if (!_byDigest.TryGetValue(value.Content.Digest, out var line))
            {
                line = new BlobLine(value.Content, now);
                _byDigest[value.Content.Digest] = line;
                _lines.Add(line);
            }

            switch (value.Kind)
            {
                case CopyProgressKind.BlobBytes:
                    line.Bytes = value.Bytes;
                    break;
                case CopyProgressKind.BlobSkipped:
                    line.State = "skipped: already exists";
                    break;
                case CopyProgressKind.BlobMounted:
                    line.State = "mounted";
                    break;
                case CopyProgressKind.BlobDone:
                    line.Bytes = value.Content.Size;
                    line.State = "done";
                    line.Finished = now;
                    break;
                case CopyProgressKind.BlobFailed:
                    line.State = "failed";
                    break;
            }

            // Ends of blobs are drawn at once; byte counts at most every RedrawInterval.
            if (value.Kind != CopyProgressKind.BlobBytes || _time.GetElapsedTime(_lastDraw, now) >= RedrawInterval || _lastDraw == long.MinValue)
            {
                Draw(now);
            }
        }
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        lock (_gate)
        {
            Draw(_time.GetTimestamp());
        }
    }

    private void Draw(long now)
    {
        _lastDraw = now;
        var text = new System.Text.StringBuilder();
        if (_drawnLines > 0)
        {
            // Back to the first line drawn, then overwrite every line.
            text.Append("\u001b[").Append(_drawnLines.ToString(CultureInfo.InvariantCulture)).Append('F');
        }

        var lines = _lines.Select(l => Render(l, now)).Concat(_messages).ToList();
        foreach (var line in lines)
        {
            text.Append(line.Length > _width - 1 ? line[..(_width - 1)] : line).Append("\u001b[K\n");
        }

        _drawnLines = lines.Count;
        _error.Write(text.ToString());
        _error.Flush();
    }

    private string Render(BlobLine line, long now)
    {
        var digest = line.Content.Digest.Encoded;
        var head = $"Copying {Kind(line.Content)} {digest[..Math.Min(12, digest.Length)]}";
        if (line.State is { } state && state != "done")
        {
            return $"{head} {state}";
        }

        var size = Math.Max(line.Content.Size, 0);
        var bytes = Math.Min(line.Bytes, size > 0 ? size : line.Bytes);
        var elapsed = _time.GetElapsedTime(line.Started, line.Finished ?? now);
        var rate = elapsed.TotalSeconds > 0 ? bytes / elapsed.TotalSeconds : 0;
        var tail = line.State == "done"
            ? $" {Size(size)} / {Size(size)} | {Size((long)rate)}/s done"
            : $" {Size(bytes)} / {Size(size)} | {Size((long)rate)}/s ETA {Eta(size - bytes, rate)}";
        var barWidth = Math.Max(10, _width - head.Length - tail.Length - 4);
        var filled = size > 0 ? (int)(barWidth * (double)bytes / size) : barWidth;
        var bar = new string('=', Math.Clamp(filled, 0, barWidth)).PadRight(barWidth);
        return $"{head} [{bar}]{tail}";
    }

    private static string Eta(long remaining, double rate)
    {
        if (rate <= 0)
        {
            return "--";
        }

        var seconds = remaining / rate;
        var time = TimeSpan.FromSeconds(Math.Min(seconds, 359999));
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}h{time.Minutes:00}m")
            : time.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{time.Minutes}m{time.Seconds:00}s") : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(time.TotalSeconds)}s");
    }

    private sealed class BlobLine(Descriptor content, long started)
    {
        public Descriptor Content { get; } = content;

        public long Started { get; } = started;

        public long Bytes { get; set; }

        public string? State { get; set; }

        public long? Finished { get; set; }
    }
}
