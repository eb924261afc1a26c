using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// The platform an image runs on: operating system, architecture and optional variant, OS version and OS features.
/// Parsed from and formatted as <c>os/arch[/variant]</c>, for example <c>linux/arm64/v8</c>.
/// </summary>
public sealed record Platform
{
    /// <summary>Gets the CPU architecture, for example <c>amd64</c> or <c>arm64</c>.</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>Gets the operating system, for example <c>linux</c> or <c>windows</c>.</summary>
    [JsonPropertyName("os")]
    public required string OS { get; init; }

    /// <summary>Gets the operating system version (used by Windows images).</summary>
    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    /// <summary>Gets the required operating system features.</summary>
    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    /// <summary>Gets the CPU variant, for example <c>v7</c> for 32-bit ARM.</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c>.</summary>
    /// <param name="value">The platform string.</param>
    /// <returns>The platform, as written (not normalized).</returns>
    /// <exception cref="InvalidPlatformException">The string is not of that form.</exception>
    public static Platform Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var platform, out var error) ? platform : throw new InvalidPlatformException(value, error);
    }

    /// <summary>Parses <c>os/arch[/variant]</c> without throwing.</summary>
    /// <param name="value">The platform string.</param>
    /// <param name="platform">The platform, when the string is valid.</param>
    /// <returns><see langword="true"/> when the string is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [MaybeNullWhen(false)] out Platform platform) =>
        TryParse(value, out platform, out _);

    /// <summary>
    /// Returns the platform with common aliases made canonical, so that equal platforms compare equal:
    /// <c>x86_64</c> becomes <c>amd64</c>, <c>aarch64</c> becomes <c>arm64</c>, <c>arm64/v8</c> loses its default
    /// variant, <c>arm</c> gets its default <c>v7</c>, and a bare variant number gains its <c>v</c>.
    /// </summary>
    /// <returns>The normalized platform.</returns>
    public Platform Normalize()
    {
        var os = OS.ToLowerInvariant();
        if (os == "macos")
        {
            os = "darwin";
        }

        var architecture = Architecture.ToLowerInvariant();
        var variant = Variant?.ToLowerInvariant();
        switch (architecture)
        {
            case "i386":
                architecture = "386";
                variant = null;
                break;
            case "x86_64" or "x86-64" or "amd64":
                architecture = "amd64";
                variant = variant is "v1" ? null : variant;
                break;
            case "aarch64" or "arm64":
                architecture = "arm64";
                variant = variant switch
                {
                    "8" or "v8" or "v8.0" => null,
                    "9" or "9.0" or "v9.0" => "v9",
                    _ => variant,
                };
                break;
            case "armhf":
                architecture = "arm";
                variant = "v7";
                break;
            case "armel":
                architecture = "arm";
                variant = "v6";
                break;
            case "arm":
                variant = variant switch
                {
                    null or "" or "7" => "v7",
                    "5" or "6" or "8" => "v" + variant,
                    _ => variant,
                };
                break;
        }

        return this with { OS = os, Architecture = architecture, Variant = string.IsNullOrEmpty(variant) ? null : variant };
    }

    /// <summary>
    /// Decides whether an image built for <paramref name="candidate"/> satisfies a request for this platform. Both
    /// are normalized first; operating system and architecture must be equal; when this platform names a variant or
    /// an OS version, the candidate's must be equal too; when it names none, any candidate variant is accepted.
    /// </summary>
    /// <param name="candidate">The platform an image was built for.</param>
    /// <returns><see langword="true"/> when the candidate matches.</returns>
    public bool Matches(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var wanted = Normalize();
        var offered = candidate.Normalize();
        if (!string.Equals(wanted.OS, offered.OS, StringComparison.Ordinal)
            || !string.Equals(wanted.Architecture, offered.Architecture, StringComparison.Ordinal))
        {
            return false;
        }

        // A request for plain "arm" normalizes to v7, which must match exactly; other architectures with no variant
        // requested accept any variant.
        if (wanted.Variant is not null && (Variant is not null || wanted.Architecture == "arm")
            && !string.Equals(wanted.Variant, offered.Variant, StringComparison.Ordinal))
        {
            return false;
        }

        return wanted.OSVersion is null || string.Equals(wanted.OSVersion, offered.OSVersion, StringComparison.Ordinal);
    }

    /// <summary>Formats the platform as <c>os/arch[/variant]</c>.</summary>
    /// <returns>The platform string.</returns>
    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    private static bool TryParse(string? value, [MaybeNullWhen(false)] out Platform platform, out string error)
    {
        platform = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "it is empty";
            return false;
        }

        var parts = value.Split('/');
        if (parts.Length is < 2 or > 3)
        {
            error = "it must have the form os/arch or os/arch/variant";
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || parts[i].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
            {
                error = $"its {(i == 0 ? "os" : i == 1 ? "architecture" : "variant")} part \"{parts[i]}\" is empty or has characters other than letters, digits, '_', '-' and '.'";
                return false;
            }
        }

        platform = new Platform { OS = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
        error = string.Empty;
        return true;
    }
}
