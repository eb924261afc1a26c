using System.Collections.Concurrent;

namespace OciRegistry.Client.Copy.Tests.Support;

/// <summary>Collects progress events synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
public sealed class RecordingProgress : IProgress<CopyProgressEvent>
{
    private readonly ConcurrentQueue<CopyProgressEvent> _events = new();

    public IReadOnlyList<CopyProgressEvent> Events => [.. _events];

    public void Report(CopyProgressEvent value) => _events.Enqueue(value);
}
