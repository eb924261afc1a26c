using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Diagnostics;

public sealed class CopyMetricsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_copy_to_an_on_disk_destination_counts_its_blobs_without_an_empty_registry_tag()
    {
        var measured = new ConcurrentBag<(string Instrument, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name is "ociregistry.copy.blobs" or "ociregistry.copy.bytes")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Add((instrument.Name, tags.ToArray())));
        listener.Start();

        using var layout = new OciLayout(_scratch.Combine("layout"));
        await EngineCopy.CopyAsync(new MemorySource(Transports.Support.TestImage.Single()), "", layout, "v1");
        listener.Dispose();

        Assert.Contains(measured, m => m.Instrument == "ociregistry.copy.blobs" && m.Tags.All(t => t.Key != "oci.registry"));
        Assert.Contains(measured, m => m.Instrument == "ociregistry.copy.bytes" && m.Tags.Length == 0);
        Assert.DoesNotContain(measured, m => m.Tags.Any(t => t.Key == "oci.registry" && string.IsNullOrEmpty(t.Value as string)));
    }
}
