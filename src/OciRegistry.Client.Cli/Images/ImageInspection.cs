using System.Text.Json;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Output;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Images;

/// <summary>
/// What <c>inspect</c> reads of an image: the top-level manifest, the instance for the chosen platform when that is an
/// index, and its config (verified against its digest).
/// </summary>
/// <param name="TopLevel">The manifest the reference resolved to (an index or an image).</param>
/// <param name="Image">The image manifest: <see cref="TopLevel"/> or the chosen instance of it.</param>
/// <param name="Config">The config's bytes, exactly as stored.</param>
internal sealed record ImageInspection(Manifest TopLevel, Manifest Image, ReadOnlyMemory<byte> Config)
{
    /// <summary>The largest config read (configs are small; a huge one is not an image config).</summary>
    internal const int MaxConfigSize = 32 * 1024 * 1024;

    /// <summary>Reads the instance for a platform and its config.</summary>
    /// <param name="source">The image source.</param>
    /// <param name="topLevel">The manifest the reference resolved to.</param>
    /// <param name="platform">The platform to choose from an index.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The inspection.</returns>
    public static async Task<ImageInspection> ReadAsync(IImageSource source, Manifest topLevel, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(topLevel);
        ArgumentNullException.ThrowIfNull(platform);
        var image = await ChooseInstanceAsync(source, topLevel, platform, cancellationToken).ConfigureAwait(false);
        if (image.Image is not { } parsed)
        {
            throw new InvalidManifestException(image.Kind == ManifestKind.Schema1
                ? $"The manifest {image.Digest} is a Docker schema 1 manifest, which ocireg does not inspect"
                : $"The manifest {image.Digest} ({image.MediaType}) is not an image manifest");
        }

        var config = await ReadBlobAsync(source, parsed.Config, cancellationToken).ConfigureAwait(false);
        return new ImageInspection(topLevel, image, config);
    }

    /// <summary>Chooses the instance of an index for a platform, as the copy engine's <c>system</c> mode does.</summary>
    /// <param name="source">The image source.</param>
    /// <param name="topLevel">The top-level manifest.</param>
    /// <param name="platform">The platform wanted.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The image manifest.</returns>
    public static async Task<Manifest> ChooseInstanceAsync(IImageSource source, Manifest topLevel, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(topLevel);
        ArgumentNullException.ThrowIfNull(platform);
        if (topLevel.Index is not { } index)
        {
            return topLevel;
        }

        var entry = index.Manifests.FirstOrDefault(e => e.Platform is { } p && platform.Matches(p))
            ?? throw new ImageNotFoundException(
                $"no image found in manifest list {topLevel.Digest} for architecture {platform.Architecture}, variant \"{platform.Variant}\", OS {platform.OS}");
        return await source.FetchManifestAsync(entry.Digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a small blob whole and verifies its size and digest.</summary>
    /// <param name="source">The image source.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes.</returns>
    public static async Task<ReadOnlyMemory<byte>> ReadBlobAsync(IBlobFetcher source, Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Data is { } inline)
        {
            blob.Digest.Verify(inline.Span);
            return inline;
        }

        if (blob.Size > MaxConfigSize)
        {
            throw new InvalidManifestException($"The config {blob.Digest} is {blob.Size} bytes, more than ocireg reads ({MaxConfigSize})");
        }

        var content = await source.FetchBlobAsync(blob, 0, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(blob.Size > 0 ? (int)blob.Size : 4096);
            var chunk = new byte[81920];
            int read;
            while ((read = await content.Stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxConfigSize)
                {
                    throw new InvalidManifestException($"The config {blob.Digest} is larger than ocireg reads ({MaxConfigSize} bytes)");
                }

                buffer.Write(chunk, 0, read);
            }

            var bytes = buffer.ToArray();
            if (bytes.LongLength != blob.Size)
            {
                throw new DigestMismatchException(blob.Digest, Digest.Compute(bytes, blob.Digest.Algorithm), blob.Size, bytes.LongLength);
            }

            blob.Digest.Verify(bytes);
            return bytes;
        }
    }

    /// <summary>Builds skopeo's inspect output (its <c>inspect.Output</c> struct, field for field).</summary>
    /// <param name="name">The <c>Name</c>: the repository for registry images, empty (omitted) otherwise.</param>
    /// <param name="tags">The repository's tags (empty for on-disk images or with <c>--no-tags</c>).</param>
    /// <returns>The output.</returns>
    public GoStruct ToOutput(string? name, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (IsArtifact)
        {
            return ToArtifactOutput(name, tags);
        }

        var config = ImageConfig.Parse(Config.Span);
        var layers = Image.Image!.Layers;
        return new GoStruct()
            .Add("Name", name ?? string.Empty, omitEmpty: true)
            .Add("Digest", TopLevel.Digest.ToString())
            .Add("RepoTags", tags.ToList())
            .Add("Created", GoTime.TryParse(RawCreated(Config.Span)))
            .Add("DockerVersion", config.DockerVersion ?? string.Empty)
            .Add("Labels", config.Config?.Labels is { } labels ? new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal) : GoNull.Map)
            .Add("Architecture", config.Architecture ?? string.Empty)
            .Add("Variant", config.Variant ?? string.Empty, omitEmpty: true)
            .Add("Os", config.OS ?? string.Empty)
            .Add("Layers", layers.Select(l => (object?)l.Digest.ToString()).ToList())
            .Add("LayersData", layers.Select(l => (object?)new GoStruct()
                .Add("MIMEType", l.MediaType)
                .Add("Digest", l.Digest.ToString())
                .Add("Size", l.Size)
                .Add("Annotations", l.Annotations is { } a ? new SortedDictionary<string, string>(a.ToDictionary(), StringComparer.Ordinal) : GoNull.Map)).ToList())
            .Add("Env", config.Config?.Env is { } env ? env.Select(e => (object?)e).ToList() : GoNull.List);
    }

    /// <summary>
    /// Gets a value indicating whether the manifest is an artifact rather than a container image: it has an
    /// <c>artifactType</c>, or a config that is not an image configuration (the empty <c>{}</c> of OCI 1.1
    /// artifacts, a Helm chart's), which has no architecture, OS or layers' file systems to show.
    /// </summary>
    public bool IsArtifact => Image.Image is { } manifest && (manifest.ArtifactType is not null || !MediaTypes.IsImageConfig(manifest.Config.MediaType));

    // What an artifact has instead of an image's config fields: its types, annotations, config and subject descriptors.
    private GoStruct ToArtifactOutput(string? name, IReadOnlyList<string> tags)
    {
        var manifest = Image.Image!;
        return new GoStruct()
            .Add("Name", name ?? string.Empty, omitEmpty: true)
            .Add("Digest", TopLevel.Digest.ToString())
            .Add("RepoTags", tags.ToList())
            .Add("MediaType", Image.MediaType)
            .Add("ArtifactType", manifest.ArtifactType ?? manifest.Config.MediaType)
            .Add("Annotations", Sorted(manifest.Annotations))
            .Add("Config", DescriptorOutput(manifest.Config))
            .Add("Subject", manifest.Subject is { } subject ? DescriptorOutput(subject) : null, omitEmpty: true)
            .Add("Layers", manifest.Layers.Select(l => (object?)l.Digest.ToString()).ToList())
            .Add("LayersData", manifest.Layers.Select(l => (object?)DescriptorOutput(l)).ToList());
    }

    private static GoStruct DescriptorOutput(Descriptor descriptor) => new GoStruct()
        .Add("MIMEType", descriptor.MediaType)
        .Add("Digest", descriptor.Digest.ToString())
        .Add("Size", descriptor.Size)
        .Add("Annotations", Sorted(descriptor.Annotations));

    private static object Sorted(IReadOnlyDictionary<string, string>? annotations) =>
        annotations is { } a ? new SortedDictionary<string, string>(a.ToDictionary(), StringComparer.Ordinal) : GoNull.Map;

    // The config's own "created" text: the parsed DateTimeOffset keeps only 100 ns, skopeo prints nanoseconds.
    private static string? RawCreated(ReadOnlySpan<byte> config)
    {
        var reader = new Utf8JsonReader(config);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCreated = reader.ValueTextEquals("created"u8);
            if (!reader.Read())
            {
                return null;
            }

            if (isCreated)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }
}
