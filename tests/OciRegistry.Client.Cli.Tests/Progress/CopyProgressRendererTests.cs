using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Progress;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Tests.Progress;

public sealed class CopyProgressRendererTests
{
    private static readonly Descriptor Layer = new() { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("layer"u8), Size = 3 * 1024 * 1024 };
    private static readonly Descriptor Config = new() { MediaType = MediaTypes.OciConfig, Digest = Digest.Compute("config"u8), Size = 120 };

    [Fact]
    public void Quiet_renders_nothing() =>
        Assert.Null(CopyProgressRenderer.Create(Console(new StringWriter(), new StringWriter()), quiet: true, gettingSignatures: true, destinationIsStandardOutput: false));

    [Fact]
    public void Off_a_terminal_skopeos_lines_go_to_standard_output()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        using var renderer = CopyProgressRenderer.Create(Console(output, error), quiet: false, gettingSignatures: true, destinationIsStandardOutput: false)!;

        // The config begins first here; skopeo names it after the layers, just before the manifest.
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Config });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Layer });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobBytes, Content = Layer, Bytes = 1024 });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobDone, Content = Layer, Bytes = Layer.Size });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobSkipped, Content = Config });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.ManifestPushed, Content = Config with { MediaType = MediaTypes.OciManifest } });
        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.ManifestPushed, Content = Config with { MediaType = MediaTypes.OciIndex } });
        renderer.Complete();

        Assert.Equal(
            [
                "Getting image source signatures",
                $"Copying blob {Layer.Digest}",
                $"Copying config {Config.Digest}",
                "Writing manifest to image destination",
                "Storing signatures",
                "Writing manifest list to image destination",
                "Storing list signatures",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Without_reading_signatures_the_first_line_is_the_first_blob()
    {
        var output = new StringWriter();
        using var renderer = CopyProgressRenderer.Create(Console(output, new StringWriter()), quiet: false, gettingSignatures: false, destinationIsStandardOutput: false)!;

        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobSkipped, Content = Layer });

        Assert.Equal($"Copying blob {Layer.Digest}", output.ToString().Trim());
    }

    [Fact]
    public void An_image_written_to_standard_output_moves_the_lines_to_standard_error()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        using var renderer = CopyProgressRenderer.Create(Console(output, error), quiet: false, gettingSignatures: true, destinationIsStandardOutput: true)!;

        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Layer });

        Assert.Empty(output.ToString());
        Assert.Contains($"Copying blob {Layer.Digest}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_both_streams_on_a_terminal_there_are_bars_only()
    {
        var console = Console(new StringWriter(), new StringWriter()) with { ErrorIsTerminal = true, OutputIsTerminal = true };

        using var renderer = CopyProgressRenderer.Create(console, quiet: false, gettingSignatures: true, destinationIsStandardOutput: false);

        Assert.IsType<TerminalProgressRenderer>(renderer);
    }

    [Fact]
    public void With_standard_output_redirected_and_standard_error_on_a_terminal_there_are_lines_and_bars()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var console = Console(output, error) with { ErrorIsTerminal = true };
        using var renderer = CopyProgressRenderer.Create(console, quiet: false, gettingSignatures: true, destinationIsStandardOutput: false)!;

        renderer.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobStarted, Content = Layer });

        Assert.Contains($"Copying blob {Layer.Digest}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Copying blob {Layer.Digest.Encoded[..12]}", error.ToString(), StringComparison.Ordinal);
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

    private static CliConsole Console(TextWriter output, TextWriter error) => new(output, error, TextReader.Null);

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
