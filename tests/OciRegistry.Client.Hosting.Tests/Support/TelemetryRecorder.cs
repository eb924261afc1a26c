using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OciRegistry.Client.Diagnostics;

namespace OciRegistry.Client.Hosting.Tests.Support;

/// <summary>
/// Records every span and measurement of the SDK's ActivitySource and Meter, as OpenTelemetry would with
/// <c>AddSource("OciRegistry.Client")</c> and <c>AddMeter("OciRegistry.Client")</c>. Listeners are process-wide:
/// tests filter what they read by the registry or repository they own.
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryRecorder()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OciRegistryDiagnostics.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Activities.Add,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OciRegistryDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public ConcurrentBag<Activity> Activities { get; } = [];

    public ConcurrentBag<Measurement> Measurements { get; } = [];

    public IReadOnlyList<Activity> Spans(string name, string tag, string value) =>
        [.. Activities.Where(a => a.OperationName == name && Equals(a.GetTagItem(tag)?.ToString(), value))];

    public IReadOnlyList<Measurement> Of(string instrument, string tag, string value) =>
        [.. Measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v?.ToString(), value))];

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Add(new Measurement(instrument.Name, value, copy));
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
