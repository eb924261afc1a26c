using System.Diagnostics;
using System.Formats.Tar;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class ArchiveTargetTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task An_archive_written_to_a_fifo_goes_into_the_fifo_and_leaves_it_a_fifo()
    {
        var fifo = _scratch.Combine("out.fifo");
        MakeFifo(fifo);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // The reader must be open before the writer's open returns, as with `ocireg copy … docker-archive:/dev/stdout | tar t`.
        var read = Task.Run(
            async () =>
            {
                var received = new MemoryStream();
                var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                await using (stream)
                {
                    await stream.CopyToAsync(received, cancel.Token);
                }

                return received.ToArray();
            },
            cancel.Token);
        using (var destination = new DockerArchiveDestination(fifo))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "example/app:v1");
        }

        var archive = await read.WaitAsync(cancel.Token);

        Assert.Contains("manifest.json", await EntryNamesAsync(archive));
        Assert.Equal(0, new FileInfo(fifo).Length);
        Assert.Single(Directory.GetFileSystemEntries(_scratch.Path));
    }

    [Fact]
    public async Task An_archive_written_through_a_symbolic_link_replaces_the_target_and_keeps_the_link()
    {
        var target = _scratch.Combine("real.tar");
        await File.WriteAllTextAsync(target, "old content");
        var link = _scratch.Combine("link.tar");
        File.CreateSymbolicLink(link, target);

        using (var destination = new DockerArchiveDestination(link))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "example/app:v1");
        }

        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Contains("manifest.json", await EntryNamesAsync(await File.ReadAllBytesAsync(target)));
    }

    [Fact]
    public void A_missing_or_regular_file_is_replaced_atomically_not_opened_in_place()
    {
        var missing = _scratch.Combine("missing.tar");
        var regular = _scratch.Combine("regular.tar");
        File.WriteAllText(regular, "x");

        Assert.Null(ArchiveTarget.TryOpenInPlace(missing));
        Assert.Null(ArchiveTarget.TryOpenInPlace(regular));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void The_null_device_is_written_in_place()
    {
        using var stream = ArchiveTarget.TryOpenInPlace("/dev/null");

        Assert.NotNull(stream);
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task<List<string>> EntryNamesAsync(byte[] archive)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
