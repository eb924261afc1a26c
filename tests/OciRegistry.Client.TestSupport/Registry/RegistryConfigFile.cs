using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>Renders the distribution 2.8 YAML config for one registry start.</summary>
internal sealed record RegistryConfigFile(
    RegistryOptions Options,
    int Port,
    string StorageDirectory,
    string? HtpasswdPath,
    string? CertificatePath,
    string? PrivateKeyPath)
{
    public string Render()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  level: {Quote(Options.LogLevel)}");
        yaml.AppendLine("  formatter: text");
        // The app log already has one "response completed" line per request; the combined access log would double it.
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: true");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootdirectory: {Quote(StorageDirectory)}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    enabled: {(Options.DeleteEnabled ? "true" : "false")}");
        // Purging runs at start and every 24 h, walking the storage dir; a registry that lives seconds needs neither.
        yaml.AppendLine("  maintenance:");
        yaml.AppendLine("    uploadpurging:");
        yaml.AppendLine("      enabled: false");
        // Blobs come from the registry itself, never a 307 to a storage backend.
        yaml.AppendLine("  redirect:");
        yaml.AppendLine("    disable: true");
        yaml.AppendLine("http:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  addr: {Quote($"127.0.0.1:{Port}")}");
        // An explicit secret silences the "No HTTP secret provided" warning on every start.
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  secret: {Quote(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)))}");
        if (CertificatePath is not null && PrivateKeyPath is not null)
        {
            yaml.AppendLine("  tls:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    certificate: {Quote(CertificatePath)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    key: {Quote(PrivateKeyPath)}");
        }

        if (HtpasswdPath is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    realm: {Quote(RegistryFixture.HtpasswdRealm)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    path: {Quote(HtpasswdPath)}");
        }
        else if (Options.TokenAuth is { } token)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  token:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    realm: {Quote(token.Realm.AbsoluteUri)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    service: {Quote(token.Service)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    issuer: {Quote(token.Issuer)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootcertbundle: {Quote(token.RootCertificateBundlePath)}");
        }

        if (Options.Schema1Enabled)
        {
            yaml.AppendLine("compatibility:");
            yaml.AppendLine("  schema1:");
            yaml.AppendLine("    enabled: true");
        }

        return yaml.ToString();
    }

    // Single-quoted YAML scalars: no escapes except a doubled quote, so any path or secret is literal.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
