namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// How the client shares a registry's rate limit among everything talking to it: a 429 with <c>Retry-After</c>
/// holds back every request to that registry, not only the one retried; a <c>RateLimit-Remaining</c> at or under
/// <see cref="RemainingThreshold"/> spaces requests out before the limit is hit. Set with
/// <c>services.Configure&lt;RegistryRateLimitOptions&gt;(o => …)</c>.
/// </summary>
public sealed class RegistryRateLimitOptions
{
    /// <summary>
    /// Gets or sets the remaining-request count (from <c>RateLimit-Remaining</c>, Docker Hub's form <c>76;w=21600</c>
    /// included) at or under which requests to the registry are spaced out; 0 turns slowing down off. 10 by default.
    /// </summary>
    public int RemainingThreshold { get; set; } = 10;

    /// <summary>
    /// Gets or sets the spacing between requests when under the threshold and the registry gives no
    /// <c>RateLimit-Reset</c>; with one, the time to the reset is spread over the remaining requests. 1 second by default.
    /// </summary>
    public TimeSpan SlowDownDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest a request is held back by the gate, however long the registry asks; 5 minutes by default.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);
}
