namespace OciRegistry.Client.Http;

public sealed partial class OciRegistryClient
{
    /// <summary>
    /// Returns the pull budget the registry announced on the latest manifest GET this client sent it
    /// (<c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>); <see langword="null"/> when no such answer carried one.
    /// HEAD requests, which Docker Hub does not count, are not read.
    /// </summary>
    /// <param name="registry">The registry, as written in image references (for example <c>docker.io</c>).</param>
    /// <returns>The budget, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidReferenceException"><paramref name="registry"/> is not a registry host name.</exception>
    public RegistryPullBudget? GetPullBudget(string registry) => GetConnection(ParseRegistry(registry)).PullBudget;
}
