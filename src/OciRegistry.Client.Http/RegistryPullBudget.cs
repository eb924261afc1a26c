using System.Globalization;

namespace OciRegistry.Client.Http;

/// <summary>
/// The pull budget a registry announced on its latest manifest GET: <c>RateLimit-Limit</c> and
/// <c>RateLimit-Remaining</c>, with the window of Docker Hub's form (<c>100;w=21600</c>) when given.
/// </summary>
/// <param name="Registry">The registry, as written in image references.</param>
/// <param name="Limit">The requests allowed per window, when the registry said.</param>
/// <param name="Remaining">The requests left in the window.</param>
/// <param name="Window">The window's length, when the registry said (<c>w=</c>).</param>
/// <param name="ObservedAt">When the answer carrying it arrived.</param>
public sealed record RegistryPullBudget(string Registry, long? Limit, long Remaining, TimeSpan? Window, DateTimeOffset ObservedAt)
{
    /// <summary>Reads the budget from a response's headers; <see langword="null"/> without a readable <c>RateLimit-Remaining</c>.</summary>
    internal static RegistryPullBudget? Read(string registry, HttpResponseMessage response)
    {
        if (Count(response, "RateLimit-Remaining") is not (long remaining, var remainingWindow))
        {
            return null;
        }

        var limit = Count(response, "RateLimit-Limit");
        var window = limit?.Window ?? remainingWindow;
        return new RegistryPullBudget(registry, limit?.Count, remaining, window, DateTimeOffset.UtcNow);
    }

    // "76", or Docker Hub's "76;w=21600": the count, then parameters of which only the window is kept.
    private static (long Count, TimeSpan? Window)? Count(HttpResponseMessage response, string name)
    {
        if (!response.Headers.TryGetValues(name, out var values) || values.FirstOrDefault() is not { } value)
        {
            return null;
        }

        var parts = value.Split([';', ','], StringSplitOptions.TrimEntries);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        TimeSpan? window = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                window = TimeSpan.FromSeconds(seconds);
                break;
            }
        }

        return (count, window);
    }
}
