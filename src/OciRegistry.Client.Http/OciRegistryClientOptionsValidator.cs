using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Http;

/// <summary>Checks <see cref="OciRegistryClientOptions"/> when the host starts, naming each bad setting.</summary>
internal sealed class OciRegistryClientOptionsValidator : IValidateOptions<OciRegistryClientOptions>
{
    public ValidateOptionsResult Validate(string? name, OciRegistryClientOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("OciRegistry:UserAgent must not be empty.");
        }

        if (options.MaxManifestSize <= 0)
        {
            failures.Add($"OciRegistry:MaxManifestSize must be positive, not {options.MaxManifestSize}.");
        }

        if (options.ChunkSize <= 0)
        {
            failures.Add($"OciRegistry:ChunkSize must be positive, not {options.ChunkSize}.");
        }

        if (options.ChunkedUploadThreshold < 0)
        {
            failures.Add($"OciRegistry:ChunkedUploadThreshold must not be negative, not {options.ChunkedUploadThreshold}.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"OciRegistry:RequestTimeout must be positive, not {options.RequestTimeout}.");
        }

        ValidateRetry("OciRegistry:Retry", options.Retry, failures);
        ValidateTimeouts("OciRegistry:Timeouts", options.Timeouts, failures);

        ValidateHost("OciRegistry:DefaultRegistry", options.DefaultRegistry, failures);
        if (options.DefaultRegistry.Mirrors.Count > 0)
        {
            failures.Add("OciRegistry:DefaultRegistry:Mirrors: mirrors belong to one registry; list them under OciRegistry:Registries:HOST:Mirrors.");
        }

        foreach (var (registry, settings) in options.Registries)
        {
            var key = $"OciRegistry:Registries:{registry}";
            if (!ImageReference.TryParse($"{registry}/x", out var parsed)
                || !string.Equals(parsed.Registry, registry, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{key}: \"{registry}\" is not a registry host (host, host:port or [IPv6]:port).");
            }

            ValidateHost(key, settings, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateHost(string key, RegistryHostOptions? settings, List<string> failures)
    {
        if (settings is null)
        {
            failures.Add($"{key} is null.");
            return;
        }

        if (settings.CertificateDirectory is { } directory && !Directory.Exists(directory))
        {
            failures.Add($"{key}:CertificateDirectory \"{directory}\" does not exist.");
        }

        if (settings.Retry is { } retry)
        {
            ValidateRetry(key + ":Retry", retry, failures);
        }

        if (settings.Timeouts is { } timeouts)
        {
            ValidateTimeouts(key + ":Timeouts", timeouts, failures);
        }

        for (var i = 0; i < settings.Mirrors.Count; i++)
        {
            if (!RegistriesConf.RegistryPrefix.IsLocation(settings.Mirrors[i].TrimEnd('/')))
            {
                failures.Add($"{key}:Mirrors:{i}: \"{settings.Mirrors[i]}\" is not a mirror location (host[:port] with an optional path, such as mirror.example/dockerhub).");
            }
        }
    }

    private static void ValidateRetry(string key, RegistryRetryOptions retry, List<string> failures)
    {
        if (retry.MaxRetries < 0)
        {
            failures.Add($"{key}:MaxRetries must not be negative, not {retry.MaxRetries}.");
        }

        if (retry.BaseDelay <= TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay)
        {
            failures.Add($"{key}:BaseDelay must be positive and at most MaxDelay (now {retry.BaseDelay} and {retry.MaxDelay}).");
        }
    }

    private static void ValidateTimeouts(string key, RegistryTimeoutOptions timeouts, List<string> failures)
    {
        Positive(key + ":ResponseHeaders", timeouts.ResponseHeaders, failures);
        Positive(key + ":IdleRead", timeouts.IdleRead, failures);
    }

    // Timers take at most int.MaxValue milliseconds (about 24.8 days); a day is more than any registry needs.
    private static void Positive(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            failures.Add($"{key} must be positive and at most one day, not {value}.");
        }
    }
}
