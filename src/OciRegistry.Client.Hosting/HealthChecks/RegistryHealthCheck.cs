using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Hosting.HealthChecks;

/// <summary>
/// Asks each registry whether it answers <c>GET /v2/</c> now (<see cref="OciRegistryClient.CheckAsync"/>), all at
/// once: healthy when every one answers, otherwise the registration's failure status, naming the registries that did
/// not and why. The registries are the ones given, or else the keys of <see cref="OciRegistryClientOptions.Registries"/>.
/// </summary>
internal sealed class RegistryHealthCheck(OciRegistryClient client, IOptions<OciRegistryClientOptions> options, IReadOnlyList<string>? registries) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var targets = registries ?? [.. options.Value.Registries.Keys.Order(StringComparer.OrdinalIgnoreCase)];
        if (targets.Count == 0)
        {
            return HealthCheckResult.Healthy("No registries are configured to check.");
        }

        var results = await Task.WhenAll(targets.Select(r => CheckAsync(r, cancellationToken))).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var (registry, error, elapsed) in results)
        {
            data[registry] = error is null ? $"up ({elapsed.TotalMilliseconds:0} ms)" : $"down: {error.Message}";
        }

        var failed = results.Where(r => r.Error is not null).ToList();
        if (failed.Count == 0)
        {
            return HealthCheckResult.Healthy($"{targets.Count} registr{(targets.Count == 1 ? "y answers" : "ies answer")}.", data);
        }

        // The reasons go in the description and the data, not as an exception: a host logs a result's exception with
        // its stack trace on every probe, and an unreachable registry is an expected state here, not a fault.
        var description = $"Not answering: {string.Join("; ", failed.Select(f => $"{f.Registry} ({f.Error!.Message})"))}";
        return new HealthCheckResult(context.Registration.FailureStatus, description, exception: null, data);
    }

    private async Task<(string Registry, Exception? Error, TimeSpan Elapsed)> CheckAsync(string registry, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.CheckAsync(registry, cancellationToken).ConfigureAwait(false);
            return (registry, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (registry, e, Stopwatch.GetElapsedTime(started));
        }
    }
}
