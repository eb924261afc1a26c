namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>How a <see cref="RegistryFixture"/> configures its registry. The default is plain HTTP, no auth,
/// deletion enabled.</summary>
public sealed record RegistryOptions
{
    /// <summary>Lets <c>DELETE</c> on manifests and blobs succeed (202) instead of answering 405.</summary>
    public bool DeleteEnabled { get; init; } = true;

    /// <summary>Non-empty turns on htpasswd (Basic) auth with these users, hashed with bcrypt.</summary>
    public IReadOnlyList<RegistryUser> Users { get; init; } = [];

    /// <summary>Serve HTTPS with a server certificate issued by a CA generated for this registry.</summary>
    public bool Tls { get; init; }

    /// <summary>Turns on Bearer token auth; mutually exclusive with <see cref="Users"/>.</summary>
    public TokenAuthOptions? TokenAuth { get; init; }

    /// <summary>Accepts Docker schema 1 manifest pushes (<c>compatibility.schema1.enabled</c>), so a test can make a
    /// schema 1 image with <c>skopeo copy --format v2s1</c>; Distribution signs them with a key it generates.</summary>
    public bool Schema1Enabled { get; init; }

    /// <summary>The registry's <c>log.level</c>: error, warn, info or debug.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>How long to wait for <c>GET /v2/</c> to answer before failing with the registry's log.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public bool UsesHtpasswd => Users.Count > 0;

    internal void Validate()
    {
        if (UsesHtpasswd && TokenAuth is not null)
        {
            throw new ArgumentException("A registry has one auth method: set either Users (htpasswd) or TokenAuth.");
        }

        if (Users.Any(u => string.IsNullOrEmpty(u.Name) || u.Name.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("htpasswd user names must be non-empty and contain no ':'.");
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("StartTimeout must be positive.");
        }
    }
}
