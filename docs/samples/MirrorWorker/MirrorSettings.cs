using Microsoft.Extensions.Configuration;
using OciRegistry.Client;

namespace MirrorWorker;

/// <summary>What to mirror and how often (the <c>Mirror</c> section).</summary>
/// <param name="Images">Each source image and where its copy goes.</param>
/// <param name="Interval">Time between passes.</param>
/// <param name="RunOnce">Stop the host after the first pass (for cron jobs and tests).</param>
public sealed record MirrorSettings(IReadOnlyList<MirroredImage> Images, TimeSpan Interval, bool RunOnce)
{
    /// <summary>Reads the section, failing with the key at fault.</summary>
    /// <param name="section">The <c>Mirror</c> section.</param>
    /// <returns>The settings.</returns>
    public static MirrorSettings Read(IConfigurationSection section)
    {
        var images = section.GetSection("Images").GetChildren().Select(entry => new MirroredImage(
            ImageReference.Parse(entry["Source"] ?? throw new InvalidOperationException($"{entry.Path}:Source is missing.")).WithDefaultTag(),
            ImageReference.Parse(entry["Destination"] ?? throw new InvalidOperationException($"{entry.Path}:Destination is missing.")).WithDefaultTag()))
            .ToList();
        var interval = section["Interval"] is { } text ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromMinutes(15);
        var runOnce = section["RunOnce"] is { } once && bool.Parse(once);
        return new MirrorSettings(images, interval, runOnce);
    }
}

/// <summary>One image to mirror.</summary>
/// <param name="Source">Where it is read, for example <c>docker.io/library/alpine:3.20</c>.</param>
/// <param name="Destination">Where it is written, for example <c>localhost:5000/mirror/alpine:3.20</c>.</param>
public sealed record MirroredImage(ImageReference Source, ImageReference Destination);
