namespace OciRegistry.Client.Diagnostics;

/// <summary>
/// The names under which every OciRegistry.Client package reports traces and metrics, through
/// <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> only (no
/// OpenTelemetry dependency). With OpenTelemetry: <c>tracing.AddSource(OciRegistryDiagnostics.ActivitySourceName)</c>
/// and <c>metrics.AddMeter(OciRegistryDiagnostics.MeterName)</c>. The spans, instruments and tags are listed in
/// docs/observability.md.
/// </summary>
public static class OciRegistryDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of every span: <c>OciRegistry.Client</c>.</summary>
    public const string ActivitySourceName = "OciRegistry.Client";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of every instrument: <c>OciRegistry.Client</c>.</summary>
    public const string MeterName = "OciRegistry.Client";
}
