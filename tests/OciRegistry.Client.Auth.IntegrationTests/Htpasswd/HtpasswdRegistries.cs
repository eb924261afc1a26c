using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Auth.IntegrationTests.Htpasswd;

/// <summary>A plain-HTTP registry with htpasswd (bcrypt) users.</summary>
public sealed class HtpasswdRegistry() : RegistryFixture(new RegistryOptions { Users = HtpasswdUsers.All });

/// <summary>An HTTPS registry (its CA in a certificate directory) with htpasswd users.</summary>
public sealed class HtpasswdTlsRegistry() : RegistryFixture(new RegistryOptions { Users = HtpasswdUsers.All, Tls = true });

internal static class HtpasswdUsers
{
    public static readonly RegistryUser Alice = new("alice", "correct horse battery staple");

    public static IReadOnlyList<RegistryUser> All { get; } = [Alice];
}
