using System.Text;
using OciRegistry.Client.Cli.Output;

namespace OciRegistry.Client.Cli.Tests.Output;

public sealed class StandardOutputTests
{
    [Fact]
    public async Task Bytes_reach_a_stream_exactly_after_text_written_before_them()
    {
        using var stream = new MemoryStream();
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true);
        await writer.WriteAsync("before ");
        byte[] raw = [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a, 0x20];
        await StandardOutput.WriteBytesAsync(writer, raw, CancellationToken.None);
        await writer.FlushAsync();
        Assert.Equal([.. "before "u8, .. raw], stream.ToArray());
    }

    [Fact]
    public async Task Bytes_to_a_plain_text_writer_are_decoded_as_utf8()
    {
        var writer = new StringWriter();
        await StandardOutput.WriteBytesAsync(writer, "{\"é\":1}"u8.ToArray(), CancellationToken.None);
        Assert.Equal("{\"é\":1}", writer.ToString());
    }
}
