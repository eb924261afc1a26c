using OciRegistry.Client.Cli.Progress;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Tests.Progress;

public sealed class CopyProgressRendererTests
{
    private static readonly Descriptor Layer = new() { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("layer"u8), Size = 3 * 1024 * 1024 };
    private static readonly Descriptor Config = new() { MediaType = MediaTypes.OciConfig, Digest = Digest.Compute("config"u8), Size = 120 };

    [Fact]
    public void Quiet_renders_nothing() => Assert.Null(CopyProgressRenderer.Create(new StringWriter(), isTerminal: false, 80, quiet: true));

    [Fact]
    public void Without_a_terminal_each_blob_event_is_one_line()
    {
        var error = new StringWriter();
        using var renderer = CopyProgressRenderer.Create(error, isTerminal: false, 80, quiet: false)!;
        Assert.IsType<LineProgressRenderer>(renderer);
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Layer });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobBytes, Content = Layer, Bytes = 1024 });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobDone, Content = Layer, Bytes = Layer.Size });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobSkipped, Content = Config });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.ManifestPushed, Content = Config with { MediaType = MediaTypes.OciManifest } });
        renderer.Complete();
        Assert.Equal(
            [
                $"Copying blob {Layer.Digest}",
                $"Copying blob {Layer.Digest} done (3.0MiB)",
                $"Copying config {Config.Digest} skipped: already exists",
                $"Writing manifest {Config.Digest} to image destination",
            ],
            error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void On_a_terminal_bars_are_redrawn_in_place_with_rate_and_eta()
    {
        var error = new StringWriter();
        var clock = new ManualClock();
        using var renderer = new TerminalProgressRenderer(error, 100, clock);
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Layer });
        clock.Advance(TimeSpan.FromSeconds(1));
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobBytes, Content = Layer, Bytes = 1024 * 1024 });
        var partial = error.ToString();
        Assert.Contains("1.0MiB / 3.0MiB", partial, StringComparison.Ordinal);
        Assert.Contains("1.0MiB/s ETA 2s", partial, StringComparison.Ordinal);

        // Within 100 ms of the last draw a byte count is not drawn again.
        clock.Advance(TimeSpan.FromMilliseconds(10));
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobBytes, Content = Layer, Bytes = 2 * 1024 * 1024 });
        Assert.Equal(partial, error.ToString());

        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobDone, Content = Layer });
        var final = error.ToString()[partial.Length..];
        Assert.StartsWith("\u001b[1F", final, StringComparison.Ordinal);
        Assert.Contains("done", final, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(1023, "1023B")]
    [InlineData(1536, "1.5KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0GiB")]
    public void Sizes_are_binary_units(long bytes, string expected) => Assert.Equal(expected, CopyProgressRenderer.Size(bytes));

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
