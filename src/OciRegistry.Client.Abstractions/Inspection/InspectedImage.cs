using OciRegistry.Client.Models;

namespace OciRegistry.Client.Inspection;

/// <summary>
/// One image of an <see cref="ImageInspection"/>: its manifest, platform, creation time, labels, environment and
/// layers (with their sizes and media types). The config fields are empty when the config is not an image config
/// (an artifact's).
/// </summary>
public sealed class InspectedImage
{
    internal InspectedImage(Manifest manifest, ImageManifest parsed, Platform? platform, ImageConfig? config)
    {
        Digest = manifest.Digest;
        MediaType = manifest.MediaType;
        Platform = platform;
        ConfigDescriptor = parsed.Config;
        Config = config;
        Layers = parsed.Layers;
        Labels = config?.Config?.Labels ?? new Dictionary<string, string>();
        Env = config?.Config?.Env ?? [];
    }

    /// <summary>Gets the digest of the image manifest.</summary>
    public Digest Digest { get; }

    /// <summary>Gets the media type of the image manifest.</summary>
    public string MediaType { get; }

    /// <summary>Gets the platform: the config's OS, architecture and variant, else the index entry's; <see langword="null"/> when neither says.</summary>
    public Platform? Platform { get; }

    /// <summary>Gets when the image was created, as its config says.</summary>
    public DateTimeOffset? Created => Config?.Created;

    /// <summary>Gets the config's labels; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Gets the config's environment (<c>NAME=value</c>); empty when it has none.</summary>
    public IReadOnlyList<string> Env { get; }

    /// <summary>Gets the layers, in order, with their digests, sizes and media types.</summary>
    public IReadOnlyList<Descriptor> Layers { get; }

    /// <summary>Gets the descriptor of the config blob.</summary>
    public Descriptor ConfigDescriptor { get; }

    /// <summary>Gets the parsed config; <see langword="null"/> when the config is not an image config.</summary>
    public ImageConfig? Config { get; }
}
