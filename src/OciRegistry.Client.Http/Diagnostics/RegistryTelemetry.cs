using System.Diagnostics;
using System.Diagnostics.Metrics;
using OciRegistry.Client.Diagnostics;

namespace OciRegistry.Client.Http.Diagnostics;

/// <summary>
/// The registry client's spans and instruments (names in docs/observability.md). Tags carry registries, repositories,
/// digests, methods, paths and status codes — never credentials, headers or query strings (signed URLs).
/// </summary>
internal static class RegistryTelemetry
{
    public static readonly ActivitySource Source = new(OciRegistryDiagnostics.ActivitySourceName, typeof(RegistryTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(OciRegistryDiagnostics.MeterName, typeof(RegistryTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "ociregistry.request.duration",
        unit: "s",
        description: "Time from sending a registry request to its response headers, by registry, method and status code.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "ociregistry.request.retries",
        unit: "{retry}",
        description: "Registry requests sent again after a transient failure, by registry and outcome (status code or error type).");

    public const string RegistryTag = "oci.registry";
    public const string RepositoryTag = "oci.repository";
    public const string DigestTag = "oci.digest";
    public const string MediaTypeTag = "oci.media_type";
    public const string SizeTag = "oci.size";
    public const string TagTag = "oci.tag";

    /// <summary>Starts the span of one registry request (a client span: the HTTP layer's own span nests under it).</summary>
    public static Activity? StartRequest(string registry, HttpRequestMessage request)
    {
        var activity = Source.StartActivity("oci.registry.request", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RegistryTag, registry);
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("server.address", request.RequestUri?.Host);
            activity.SetTag("url.path", request.RequestUri?.AbsolutePath);
        }

        return activity;
    }

    /// <summary>Ends a request's span and records its duration, by status code or, when it failed, by error type.</summary>
    public static void StopRequest(Activity? activity, string registry, HttpRequestMessage request, long startTimestamp, HttpResponseMessage? response, Exception? error)
    {
        var status = response is null ? null : (int?)response.StatusCode;
        var tags = new TagList
        {
            { RegistryTag, registry },
            { "http.request.method", request.Method.Method },
        };
        if (status is { } code)
        {
            tags.Add("http.response.status_code", code);
        }
        else
        {
            tags.Add("error.type", error?.GetType().Name ?? "unknown");
        }

        RequestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (activity is null)
        {
            return;
        }

        if (status is { } s)
        {
            activity.SetTag("http.response.status_code", s);
            if (s >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
        else if (error is not null)
        {
            activity.SetTag("error.type", error.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    /// <summary>Counts a retry of a request.</summary>
    public static void CountRetry(string registry, string outcome) =>
        Retries.Add(1, new TagList { { RegistryTag, registry }, { "oci.retry.outcome", outcome } });

    /// <summary>Starts the span of a manifest push.</summary>
    public static Activity? StartManifestPush(string registry, string repository, Models.Manifest manifest, string? tag)
    {
        var activity = Source.StartActivity("oci.manifest.push");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RegistryTag, registry);
            activity.SetTag(RepositoryTag, repository);
            activity.SetTag(DigestTag, manifest.Digest.ToString());
            activity.SetTag(MediaTypeTag, manifest.MediaType);
            activity.SetTag(SizeTag, manifest.Size);
            activity.SetTag(TagTag, tag);
        }

        return activity;
    }
}
