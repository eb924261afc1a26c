using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>How skopeo reaches one registry: TLS verification, a directory of trusted CA certificates (<c>*.crt</c>),
/// and optional credentials. <see cref="RegistryFixture.GetSkopeoAccess"/> builds the right one for a fixture.</summary>
public sealed record SkopeoRegistryAccess(bool TlsVerify, string? CertificateDirectory = null, RegistryUser? Credentials = null)
{
    /// <summary>A plain-HTTP registry without auth.</summary>
    public static SkopeoRegistryAccess Insecure { get; } = new(TlsVerify: false);

    /// <summary>The flags for one side of a command: prefix "" for inspect, "src-" or "dest-" for copy.</summary>
    internal IEnumerable<string> ToArguments(string flagPrefix)
    {
        yield return $"--{flagPrefix}tls-verify={(TlsVerify ? "true" : "false")}";
        if (CertificateDirectory is not null)
        {
            yield return $"--{flagPrefix}cert-dir";
            yield return CertificateDirectory;
        }

        if (Credentials is not null)
        {
            yield return $"--{flagPrefix}creds";
            yield return $"{Credentials.Name}:{Credentials.Password}";
        }
        else
        {
            // Never pick up the developer's own ~/.docker/config.json or auth.json credentials.
            yield return $"--{flagPrefix}no-creds";
        }
    }
}
