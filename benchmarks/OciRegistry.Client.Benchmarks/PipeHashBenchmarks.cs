using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OciRegistry.Client.Benchmarks;

/// <summary>
/// The copy engine's hot path in memory: a 64 MiB source stream → a <see cref="Pipe"/> with the engine's settings
/// (pause at 1 MiB, resume at 512 KiB, 64 KiB segments) → a consumer that hashes every byte once with
/// <see cref="IncrementalDigest"/> and discards it, as the registry client's upload body does (it reads
/// <c>pipe.Reader.AsStream()</c> into 128 KiB buffers). Compared with hashing alone (the floor), the same pipe without
/// hashing (the pipe's own cost), and the canonical <see cref="PipeReader"/> loop hashing segment by segment (no copy
/// out of the pipe). The GB/s and B/MiB columns are 64 MiB over the mean and allocations per MiB copied.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class PipeHashBenchmarks
{
    internal const int BlobSize = 64 * 1024 * 1024;
    private const int SegmentSize = 64 * 1024;
    private const int ConsumerBufferSize = 128 * 1024;

    // The copy engine's settings (BlobTransfer).
    private static readonly PipeOptions EnginePipe = new(
        pauseWriterThreshold: 256 * 1024,
        resumeWriterThreshold: 128 * 1024,
        minimumSegmentSize: SegmentSize,
        useSynchronizationContext: false);

    private byte[] _blob = [];

    [GlobalSetup]
    public void Setup()
    {
        _blob = new byte[BlobSize];
        new Random(1).NextBytes(_blob);
    }

    /// <summary>Hashing alone, 64 KiB at a time: what the pipe path cannot beat.</summary>
    [Benchmark(Baseline = true)]
    public Digest HashOnly()
    {
        using var digest = IncrementalDigest.Create();
        for (var offset = 0; offset < _blob.Length; offset += SegmentSize)
        {
            digest.Append(_blob.AsSpan(offset, SegmentSize));
        }

        return digest.Complete();
    }

    /// <summary>The engine and the upload body: producer task fills the pipe; the consumer reads it as a stream and hashes.</summary>
    [Benchmark]
    public async Task<Digest> PipeStreamHash()
    {
        var pipe = new Pipe(EnginePipe);
        var producer = Task.Run(() => ProduceAsync(pipe.Writer));
        using var digest = IncrementalDigest.Create();
        var buffer = ArrayPool<byte>.Shared.Rent(ConsumerBufferSize);
        try
        {
            await using var body = pipe.Reader.AsStream();
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, ConsumerBufferSize)).ConfigureAwait(false)) > 0)
            {
                digest.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await producer.ConfigureAwait(false);
        return digest.Complete();
    }

    /// <summary>The same pipe and stream consumer without the hash: the pipe's own cost.</summary>
    [Benchmark]
    public async Task<long> PipeStreamNoHash()
    {
        var pipe = new Pipe(EnginePipe);
        var producer = Task.Run(() => ProduceAsync(pipe.Writer));
        var buffer = ArrayPool<byte>.Shared.Rent(ConsumerBufferSize);
        var total = 0L;
        try
        {
            await using var body = pipe.Reader.AsStream();
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, ConsumerBufferSize)).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await producer.ConfigureAwait(false);
        return total;
    }

    /// <summary>The canonical reader loop: hash each segment in place, no copy out of the pipe.</summary>
    [Benchmark]
    public async Task<Digest> PipeReaderHash()
    {
        var pipe = new Pipe(EnginePipe);
        var producer = Task.Run(() => ProduceAsync(pipe.Writer));
        using var digest = IncrementalDigest.Create();
        var reader = pipe.Reader;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                foreach (var segment in buffer)
                {
                    digest.Append(segment.Span);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync().ConfigureAwait(false);
        await producer.ConfigureAwait(false);
        return digest.Complete();
    }

    // As the engine's producer: read the source into the writer's memory, 64 KiB at a time, flush after each read.
    private async Task ProduceAsync(PipeWriter writer)
    {
        using var source = new MemoryStream(_blob, writable: false);
        while (true)
        {
            var read = await source.ReadAsync(writer.GetMemory(SegmentSize)).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            writer.Advance(read);
            var flushed = await writer.FlushAsync().ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                break;
            }
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Adds the GB/s and allocated-bytes-per-MiB columns.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new ThroughputColumn(), new AllocatedPerMiBColumn());
        }
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);

        public string ColumnName => "GB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Bytes copied (64 MiB) per second of the mean, in 10^9 bytes";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (BlobSize / statistics.Mean).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)
                : "-";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }

    private sealed class AllocatedPerMiBColumn : IColumn
    {
        public string Id => nameof(AllocatedPerMiBColumn);

        public string ColumnName => "B/MiB";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Bytes allocated per MiB copied";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
                ? (bytes / (BlobSize / (1024.0 * 1024.0))).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
                : "-";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
