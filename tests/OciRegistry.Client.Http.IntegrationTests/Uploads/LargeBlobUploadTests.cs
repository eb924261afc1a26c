using System.IO.Pipelines;
namespace OciRegistry.Client.Http.IntegrationTests.Uploads;

/// <summary>Runs alone, so that the memory it measures is its own.</summary>
[CollectionDefinition(nameof(LargeBlobUploadTests), DisableParallelization = true)]
public sealed class LargeBlobCollection;

[Collection(nameof(LargeBlobUploadTests))]
public sealed class LargeBlobUploadTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private const long OneGiB = 1024L * 1024 * 1024;
    private const long Allowance = 100L * 1024 * 1024;

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task A_1_GiB_blob_is_streamed_up_and_read_back_with_flat_memory()
    {
        using var client = new FixtureClient(registry);
        var repository = client.Repository(registry.NewRepository("large"));
        var blob = GeneratedStream.Describe(OneGiB, 1234);
        var baseline = Settle();

        long uploadPeak;
        await using (var content = new GeneratedStream(OneGiB, 1234))
        {
            uploadPeak = await PeakHeapDuringAsync(() => repository.PushBlobAsync(blob, PipeReader.Create(content)));
        }

        var afterUpload = Settle();
        (Digest Digest, long Size) readBack = default;
        var readPeak = await PeakHeapDuringAsync(async () => readBack = await BlobContent.HashAsync(repository, blob));
        var afterRead = Settle();

        output.WriteLine($"managed heap: baseline {baseline.Heap >> 20} MiB, peak during upload {uploadPeak >> 20} MiB, during read {readPeak >> 20} MiB");
        output.WriteLine($"working set: baseline {baseline.WorkingSet >> 20} MiB, after upload {afterUpload.WorkingSet >> 20} MiB, after read {afterRead.WorkingSet >> 20} MiB");
        Assert.Equal((blob.Digest, blob.Size), readBack);
        Assert.InRange(uploadPeak - baseline.Heap, long.MinValue, Allowance);
        Assert.InRange(readPeak - baseline.Heap, long.MinValue, Allowance);
        Assert.InRange(afterUpload.WorkingSet - baseline.WorkingSet, long.MinValue, Allowance);
        Assert.InRange(afterRead.WorkingSet - baseline.WorkingSet, long.MinValue, Allowance);
    }

    public void Dispose() => _log.Dispose();

    private static (long Heap, long WorkingSet) Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    // The largest managed heap (garbage included) seen while the work runs: buffering the blob would show here even
    // if it were collected before the end.
    private static async Task<long> PeakHeapDuringAsync(Func<Task> work)
    {
        using var stop = new CancellationTokenSource();
        var peak = GC.GetTotalMemory(false);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            await work();
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        return Math.Max(peak, GC.GetTotalMemory(false));
    }
}
