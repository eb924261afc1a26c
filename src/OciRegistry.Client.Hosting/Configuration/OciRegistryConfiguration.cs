using Microsoft.Extensions.Configuration;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Sync;
using OciRegistry.Client.Http;
using OciRegistry.Client.Http.RegistriesConf;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Hosting.Configuration;

/// <summary>
/// Binds the <c>OciRegistry</c> section by hand: trim- and AOT-safe, strict inside the sections it owns (an unknown
/// key is reported, so a typo fails the start instead of being ignored), and aware that configuration paths use
/// <c>:</c> as their separator, so a registry key <c>host:port</c> arrives as <c>host</c> with a child <c>port</c>.
/// A value that does not parse or is out of range is not set and is reported with its full key.
/// </summary>
internal static class OciRegistryConfiguration
{
    private const int MaxWholeNumber = int.MaxValue;

    /// <summary>Binds the client's settings: the top-level values (with <c>RegistriesConf</c>, a containers-registries.conf file), <c>Resilience</c>, <c>Timeouts</c>, <c>DefaultRegistry</c> and <c>Registries</c>.</summary>
    public static void BindClient(IConfiguration section, OciRegistryClientOptions options, List<string> problems)
    {
        var reader = new SectionReader(section, SectionReader.PathOf(section), problems);
        if (reader.String("UserAgent") is { } agent)
        {
            if (string.IsNullOrWhiteSpace(agent))
            {
                reader.Problem("UserAgent", "must not be empty.");
            }
            else
            {
                options.UserAgent = agent;
            }
        }

        options.MaxManifestSize = reader.Int("MaxManifestSize", 1, MaxWholeNumber) ?? options.MaxManifestSize;
        options.ChunkSize = reader.Int("ChunkSize", 1, MaxWholeNumber) ?? options.ChunkSize;
        options.ChunkedUploadThreshold = reader.Long("ChunkedUploadThreshold", 0) ?? options.ChunkedUploadThreshold;
        options.RequestTimeout = reader.Duration("RequestTimeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)) ?? options.RequestTimeout;
        if (reader.String("RegistriesConf") is { } registriesConf)
        {
            // A path, or empty to look the file up as the containers tools do; the file is read and checked now, at start.
            try
            {
                options.RegistriesConfiguration = RegistriesConfiguration.Load(registriesConf.Length == 0 ? null : registriesConf);
            }
            catch (RegistriesConfigurationException e)
            {
                reader.Problem("RegistriesConf", e.Message);
            }
        }
        if (reader.Section("Resilience") is { } resilience)
        {
            BindRetry(new SectionReader(resilience, resilience.Path, problems), options.Retry);
        }

        if (reader.Section("Timeouts") is { } timeouts)
        {
            BindTimeouts(new SectionReader(timeouts, timeouts.Path, problems), options.Timeouts);
        }

        if (reader.Section("DefaultRegistry") is { } fallback)
        {
            BindHost(new SectionReader(fallback, fallback.Path, problems), options.DefaultRegistry, options, isDefault: true);
        }

        if (reader.Section("Registries") is { } registries)
        {
            foreach (var (registry, entry) in RegistryEntries(registries))
            {
                var host = new SectionReader(entry, entry.Path, problems);
                var name = host.String("Host") ?? registry;
                if (!IsRegistryHost(name))
                {
                    problems.Add($"{entry.Path}: \"{name}\" is not a registry host (host, host:port, or [IPv6]:port given as Host).");
                    continue;
                }

                if (!options.Registries.TryGetValue(name, out var settings))
                {
                    settings = new RegistryHostOptions();
                    options.Registries[name] = settings;
                }

                BindHost(host, settings, options, isDefault: false);
            }
        }
    }

    /// <summary>Binds <c>Credentials</c> and <c>Authentication</c>.</summary>
    public static void BindAuthentication(IConfiguration section, RegistryAuthenticationOptions options, List<string> problems)
    {
        var reader = new SectionReader(section, SectionReader.PathOf(section), problems);
        if (reader.Section("Credentials") is { } credentials)
        {
            foreach (var (registry, entry) in RegistryEntries(credentials))
            {
                var values = new SectionReader(entry, entry.Path, problems);
                var name = values.String("Host") ?? registry;
                if (ReadCredential(values) is { } credential)
                {
                    options.Credentials[name] = credential;
                }
            }
        }

        if (reader.Section("Authentication") is { } authentication)
        {
            var values = new SectionReader(authentication, authentication.Path, problems);
            options.AuthFile = values.String("AuthFile") ?? options.AuthFile;
            options.UseAuthFiles = values.Bool("UseAuthFiles") ?? options.UseAuthFiles;
            options.CredentialHelperTimeout = values.Duration("CredentialHelperTimeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) ?? options.CredentialHelperTimeout;
            options.TokenRequestTimeout = values.Duration("TokenRequestTimeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) ?? options.TokenRequestTimeout;
            options.CredentialCacheDuration = values.Duration("CredentialCacheDuration", TimeSpan.Zero, TimeSpan.FromDays(1)) ?? options.CredentialCacheDuration;
            options.UseOAuth2PasswordGrant = values.Bool("UseOAuth2PasswordGrant") ?? options.UseOAuth2PasswordGrant;
            if (values.String("ClientId") is { } clientId)
            {
                options.ClientId = clientId;
            }

            values.RejectUnknown();
        }
    }

    /// <summary>Binds <c>Copy</c>: the default options of copies.</summary>
    public static void BindCopy(IConfiguration section, CopyOptions options, List<string> problems)
    {
        var copy = section.GetSection("Copy");
        if (!copy.Exists())
        {
            return;
        }

        var values = new SectionReader(copy, copy.Path, problems);
        options.MaxConcurrentBlobs = values.Int("MaxConcurrentBlobs", 1, 256) ?? options.MaxConcurrentBlobs;
        options.RetryTimes = values.Int("RetryTimes", 0, 100) ?? options.RetryTimes;
        options.RetryDelay = values.Duration("RetryDelay", TimeSpan.Zero, TimeSpan.FromHours(1)) ?? options.RetryDelay;
        options.MultiArch = values.Enum<MultiArchMode>("MultiArch") ?? options.MultiArch;
        options.Format = values.Enum<ManifestFormat>("Format") ?? options.Format;
        options.PreserveDigests = values.Bool("PreserveDigests") ?? options.PreserveDigests;
        options.RecordSource = values.Bool("RecordSource") ?? options.RecordSource;
        options.LayerCompression = values.Enum<LayerCompression>("LayerCompression") ?? options.LayerCompression;
        options.CompressionAlgorithm = values.Enum<CompressionAlgorithm>("CompressionAlgorithm") ?? options.CompressionAlgorithm;
        options.CompressionLevel = values.Int("CompressionLevel", 1, 22) ?? options.CompressionLevel;
        if (values.String("SystemPlatform") is { } system)
        {
            if (Platform.TryParse(system, out var platform))
            {
                options.SystemPlatform = platform;
            }
            else
            {
                values.Problem("SystemPlatform", $"\"{system}\" is not a platform such as linux/amd64 or linux/arm64/v8.");
            }
        }

        if (values.Section("Platforms") is { } platforms)
        {
            foreach (var item in platforms.GetChildren())
            {
                if (Platform.TryParse(item.Value, out var platform))
                {
                    options.Platforms.Add(platform);
                }
                else
                {
                    problems.Add($"{item.Path}: \"{item.Value}\" is not a platform such as linux/amd64 or linux/arm64/v8.");
                }
            }
        }

        values.RejectUnknown();
    }

    /// <summary>Binds the default <see cref="SyncOptions"/> from the <c>Sync</c> section, its copy options from <c>Sync:Copy</c>.</summary>
    public static void BindSync(IConfiguration section, SyncOptions options, List<string> problems)
    {
        var sync = section.GetSection("Sync");
        if (!sync.Exists())
        {
            return;
        }

        var values = new SectionReader(sync, sync.Path, problems);
        options.Scoped = values.Bool("Scoped") ?? options.Scoped;
        options.AppendSuffix = values.String("AppendSuffix") ?? options.AppendSuffix;
        options.DryRun = values.Bool("DryRun") ?? options.DryRun;
        options.KeepGoing = values.Bool("KeepGoing") ?? options.KeepGoing;
        options.SkipUnchanged = values.Bool("SkipUnchanged") ?? options.SkipUnchanged;
        options.OverwriteDirectories = values.Bool("OverwriteDirectories") ?? options.OverwriteDirectories;
        options.MaxConcurrentImages = values.Int("MaxConcurrentImages", 1, 64) ?? options.MaxConcurrentImages;
        options.MaxConcurrentBlobs = values.Int("MaxConcurrentBlobs", 1, 256) ?? options.MaxConcurrentBlobs;
        options.IncludeTagRegex = values.String("IncludeTagRegex") ?? options.IncludeTagRegex;
        options.ExcludeTagRegex = values.String("ExcludeTagRegex") ?? options.ExcludeTagRegex;
        options.ImmutableTagRegex = values.String("ImmutableTagRegex") ?? options.ImmutableTagRegex;
        options.Prune = values.Bool("Prune") ?? options.Prune;
        options.PruneUntagged = values.Bool("PruneUntagged") ?? options.PruneUntagged;
        options.PruneMax = values.Int("PruneMax", 0, int.MaxValue) ?? options.PruneMax;
        options.IncludeRepositoryRegex = values.String("IncludeRepositoryRegex") ?? options.IncludeRepositoryRegex;
        options.ExcludeRepositoryRegex = values.String("ExcludeRepositoryRegex") ?? options.ExcludeRepositoryRegex;
        options.MinRemainingPulls = values.Long("MinRemainingPulls", 0) ?? options.MinRemainingPulls;
        options.ReportPath = values.String("ReportPath") ?? options.ReportPath;
        BindCopy(sync, options.Copy, problems);
        values.RejectUnknown(static key => key == "Copy");
    }

    /// <summary>Binds <c>Trust</c>: the trust policy's files and limits.</summary>
    public static void BindTrust(IConfiguration section, Trust.TrustPolicyOptions options, List<string> problems)
    {
        var trust = section.GetSection("Trust");
        if (!trust.Exists())
        {
            return;
        }

        var values = new SectionReader(trust, trust.Path, problems);
        options.PolicyPath = values.String("PolicyPath") ?? options.PolicyPath;
        options.InsecureAcceptAnything = values.Bool("InsecureAcceptAnything") ?? options.InsecureAcceptAnything;
        options.RegistriesDirectory = values.String("RegistriesDirectory") ?? options.RegistriesDirectory;
        options.MaxSignatureSize = values.Long("MaxSignatureSize", 1024) ?? options.MaxSignatureSize;
        options.GpgProgram = values.String("GpgProgram") ?? options.GpgProgram;
        options.SigstoreSignatureStorage = values.Enum<Trust.Sigstore.SigstoreSignatureStorage>("SigstoreSignatureStorage") ?? options.SigstoreSignatureStorage;
        options.SignatureDownloadTimeout = values.Duration("SignatureDownloadTimeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) ?? options.SignatureDownloadTimeout;
        values.RejectUnknown();
    }

    private static void BindHost(SectionReader host, RegistryHostOptions settings, OciRegistryClientOptions global, bool isDefault)
    {
        settings.Insecure = host.Bool("Insecure") ?? settings.Insecure;
        settings.SkipTlsVerify = host.Bool("SkipTlsVerify") ?? settings.SkipTlsVerify;
        foreach (var key in (string[])["CertDirectory", "CertificateDirectory"])
        {
            if (host.String(key) is { } directory)
            {
                if (Directory.Exists(directory))
                {
                    settings.CertificateDirectory = directory;
                }
                else
                {
                    host.Problem(key, $"directory {directory} does not exist.");
                }
            }
        }

        if (host.Section("Resilience") is { } resilience)
        {
            // Keys not given here keep the values of the top-level Resilience section.
            settings.Retry ??= Copy(global.Retry);
            BindRetry(new SectionReader(resilience, resilience.Path, host.Problems), settings.Retry);
        }

        if (host.Section("Timeouts") is { } timeouts)
        {
            // Likewise for the top-level Timeouts section.
            settings.Timeouts ??= Copy(global.Timeouts);
            BindTimeouts(new SectionReader(timeouts, timeouts.Path, host.Problems), settings.Timeouts);
        }

        if (host.Section("Mirrors") is { } mirrors)
        {
            // The list replaces any set in code; the client's validator checks each location, naming its index.
            settings.Mirrors.Clear();
            foreach (var mirror in mirrors.GetChildren())
            {
                if (string.IsNullOrWhiteSpace(mirror.Value))
                {
                    host.Problems.Add($"{mirror.Path}: a mirror is host[:port] with an optional path, such as mirror.example/dockerhub.");
                }
                else
                {
                    settings.Mirrors.Add(mirror.Value.Trim());
                }
            }
        }

        // A host:port entry is the host's key with the port as a child; the ports are read as entries of their own.
        host.RejectUnknown(key => !isDefault && IsPort(key));
    }

    private static void BindRetry(SectionReader values, RegistryRetryOptions retry)
    {
        retry.MaxRetries = values.Int("MaxRetries", 0, 100) ?? retry.MaxRetries;
        retry.BaseDelay = values.Duration("BaseDelay", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) ?? retry.BaseDelay;
        retry.MaxDelay = values.Duration("MaxDelay", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)) ?? retry.MaxDelay;
        if (retry.MaxDelay < retry.BaseDelay)
        {
            values.Problem("MaxDelay", $"must be at least BaseDelay ({retry.BaseDelay}), not {retry.MaxDelay}.");
        }

        values.RejectUnknown();
    }

    private static void BindTimeouts(SectionReader values, RegistryTimeoutOptions timeouts)
    {
        timeouts.ResponseHeaders = values.Duration("ResponseHeaders", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)) ?? timeouts.ResponseHeaders;
        timeouts.IdleRead = values.Duration("IdleRead", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)) ?? timeouts.IdleRead;
        values.RejectUnknown();
    }

    private static RegistryCredential? ReadCredential(SectionReader values)
    {
        var username = values.String("Username");
        var password = values.String("Password");
        var identityToken = values.String("IdentityToken");
        var registryToken = values.String("RegistryToken");
        values.RejectUnknown(IsPort);
        if (password is not null && identityToken is null && registryToken is null && !string.IsNullOrEmpty(username))
        {
            return RegistryCredential.FromUsernamePassword(username, password);
        }

        if (identityToken is not null && password is null && registryToken is null)
        {
            return RegistryCredential.FromIdentityToken(identityToken, username);
        }

        if (registryToken is not null && password is null && identityToken is null && username is null)
        {
            return RegistryCredential.FromRegistryToken(registryToken);
        }

        // Never echo a value here: these are secrets.
        values.Problems.Add($"{values.Path}: give Username and Password, or IdentityToken (with an optional Username), or RegistryToken alone.");
        return null;
    }

    /// <summary>
    /// The entries of a section keyed by registry. <c>host:port</c> keys arrive split at the colon (the configuration
    /// path separator): an entry whose children are port numbers holding settings becomes one entry per port.
    /// </summary>
    private static IEnumerable<(string Registry, IConfigurationSection Entry)> RegistryEntries(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            var children = child.GetChildren().ToList();
            var ports = children.Where(c => IsPort(c.Key) && c.GetChildren().Any()).ToList();
            if (ports.Count == 0 || ports.Count < children.Count)
            {
                yield return (child.Key, child);
            }

            foreach (var port in ports)
            {
                yield return ($"{child.Key}:{port.Key}", port);
            }
        }
    }

    private static bool IsPort(string key) => key.Length is > 0 and <= 5 && key.All(char.IsAsciiDigit);

    private static bool IsRegistryHost(string registry) =>
        ImageReference.TryParse($"{registry}/x", out var parsed) && string.Equals(parsed.Registry, registry, StringComparison.OrdinalIgnoreCase);

    private static RegistryRetryOptions Copy(RegistryRetryOptions from) => new()
    {
        MaxRetries = from.MaxRetries,
        BaseDelay = from.BaseDelay,
        MaxDelay = from.MaxDelay,
    };

    private static RegistryTimeoutOptions Copy(RegistryTimeoutOptions from) => new()
    {
        ResponseHeaders = from.ResponseHeaders,
        IdleRead = from.IdleRead,
    };
}
