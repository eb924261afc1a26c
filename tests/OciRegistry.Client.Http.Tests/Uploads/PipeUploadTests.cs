using System.IO.Pipelines;
using OciRegistry.Client.Http.Uploads;

namespace OciRegistry.Client.Http.Tests.Uploads;

// The upload path the copy engine takes: the request body drains a PipeReader directly.
public sealed class PipeUploadTests
{
    private static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Descriptor Describe(byte[] bytes) => Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes);

    private static string Calls(ScriptedRegistry registry) => string.Join(" ", registry.Handler.Requests
        .Where(r => r.Uri.AbsolutePath.StartsWith(UploadServer.UploadsPath, StringComparison.Ordinal))
        .Select(r => r.Method.Method));

    // Writes the bytes in pieces of `piece` bytes, flushing each, so that the reader sees many segments and reads;
    // then completes the writer with `failure`.
    private static async Task WriteAsync(PipeWriter writer, byte[] bytes, int piece, Exception? failure = null)
    {
        for (var at = 0; at < bytes.Length; at += piece)
        {
            var part = bytes.AsMemory(at, Math.Min(piece, bytes.Length - at));
            await writer.WriteAsync(part);
        }

        await writer.CompleteAsync(failure);
    }

    private static async Task PushAsync(RegistryRepository repository, Descriptor blob, byte[] bytes, int piece, Exception? failure = null)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, minimumSegmentSize: 4096));
        var writing = Task.Run(() => WriteAsync(pipe.Writer, bytes, piece, failure));
        try
        {
            await repository.PushBlobAsync(blob, pipe.Reader, CancellationToken.None);
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
            await writing;
        }
    }

    [Theory]
    [InlineData(150_000, 200_000, "POST PUT")]
    [InlineData(1, 200_000, "POST PUT")]
    [InlineData(300_000, 100_000, "POST PATCH PUT")]
    public async Task The_pipe_is_sent_whole_monolithically_or_in_one_patch_above_the_threshold(int length, long threshold, string calls)
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkedUploadThreshold = threshold);
        var bytes = Bytes(length);

        await PushAsync(registry.Repository(), Describe(bytes), bytes, piece: 7_777);

        Assert.Equal(calls, Calls(registry));
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task An_empty_blob_is_uploaded()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());

        await PushAsync(registry.Repository(), Describe([]), [], piece: 1);

        Assert.Equal("POST PUT", Calls(registry));
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(300_000)]
    public async Task Content_that_does_not_match_the_digest_is_never_completed_and_the_session_is_cancelled(long threshold)
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkedUploadThreshold = threshold);
        var bytes = Bytes(500_000);
        var blob = Describe(bytes) with { Digest = Digest.Compute("something else"u8) };

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => PushAsync(registry.Repository(), blob, bytes, piece: 10_000));

        Assert.Equal(blob.Digest, error.Expected);
        Assert.Equal(Digest.Compute(bytes), error.Actual);
        Assert.Equal("POST DELETE", Calls(registry));
    }

    [Fact]
    public async Task Content_that_ends_short_is_never_completed()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var blob = Describe(Bytes(1500));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => PushAsync(registry.Repository(), blob, Bytes(1499), piece: 100));

        Assert.Equal(1500, error.ExpectedSize);
        Assert.Equal(1499, error.ActualSize);
        Assert.Equal("POST DELETE", Calls(registry));
    }

    [Fact]
    public async Task A_failure_of_the_writer_fails_the_upload_with_that_error_and_cancels_the_session()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(5000);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            PushAsync(registry.Repository(), Describe(bytes), bytes[..3000], piece: 1000, new IOException("source broke")));

        Assert.Equal("source broke", error.Message);
        Assert.Equal("POST DELETE", Calls(registry));
    }

    // The property the registry relies on: a body that differs from the descriptor stops one byte short of its
    // Content-Length, so no registry can ever complete it.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_mismatched_body_is_written_one_byte_short_and_a_matching_one_whole(bool matching)
    {
        var bytes = Bytes(200_000);
        var blob = matching ? Describe(bytes) : Describe(bytes) with { Digest = Digest.Compute("other"u8) };
        var pipe = new Pipe();
        var writing = Task.Run(() => WriteAsync(pipe.Writer, bytes, 30_000));
        using var content = new PipeReaderContent(pipe.Reader, blob);
        using var sink = new MemoryStream();

        var copy = content.CopyToAsync(sink);
        if (matching)
        {
            await copy;
            Assert.Equal(bytes, sink.ToArray());
            Assert.Null(content.Mismatch);
        }
        else
        {
            var error = await Assert.ThrowsAsync<DigestMismatchException>(() => copy);
            Assert.Same(error, content.Mismatch);
            Assert.Equal(bytes[..^1], sink.ToArray());
        }

        Assert.Equal(bytes.Length, content.Headers.ContentLength);
        await pipe.Reader.CompleteAsync();
        await writing;
    }
}
