using System.Buffers;
using System.Text.Json;
using OciRegistry.Client.Models.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// A manifest as it was fetched or will be pushed: its exact bytes, media type and digest, beside the parsed form
/// (<see cref="Image"/> or <see cref="Index"/>). Writing a manifest back always writes <see cref="Content"/>, so its
/// digest survives the round trip byte for byte.
/// </summary>
public sealed class Manifest
{
    /// <summary>The largest manifest accepted by default: 4 MiB, as the distribution specification suggests.</summary>
    public const int DefaultMaxSize = 4 * 1024 * 1024;

    private Manifest(ReadOnlyMemory<byte> content, string mediaType, Digest digest, ManifestKind kind, ImageManifest? image, ImageIndex? index)
    {
        Content = content;
        MediaType = mediaType;
        Digest = digest;
        Kind = kind;
        Image = image;
        Index = index;
    }

    /// <summary>Gets the manifest's exact bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the manifest's media type.</summary>
    public string MediaType { get; }

    /// <summary>Gets the digest of <see cref="Content"/>.</summary>
    public Digest Digest { get; }

    /// <summary>Gets the size of <see cref="Content"/> in bytes.</summary>
    public long Size => Content.Length;

    /// <summary>Gets what kind of manifest this is.</summary>
    public ManifestKind Kind { get; }

    /// <summary>Gets the parsed image manifest when <see cref="Kind"/> is <see cref="ManifestKind.Image"/>.</summary>
    public ImageManifest? Image { get; }

    /// <summary>Gets the parsed index when <see cref="Kind"/> is <see cref="ManifestKind.Index"/>.</summary>
    public ImageIndex? Index { get; }

    /// <summary>Gets a descriptor of this manifest (media type, digest, size and artifact type).</summary>
    public Descriptor Descriptor => new()
    {
        MediaType = MediaType,
        Digest = Digest,
        Size = Size,
        ArtifactType = Image?.ArtifactType ?? Index?.ArtifactType,
    };

    /// <summary>
    /// Gets the content this manifest references and which must be present before it is pushed: the config and the
    /// layers of an image manifest, or the manifests of an index. The subject is not included: it may live elsewhere.
    /// </summary>
    public IReadOnlyList<Descriptor> References => Kind switch
    {
        ManifestKind.Image => [Image!.Config, .. Image.Layers],
        ManifestKind.Index => Index!.Manifests,
        _ => [],
    };

    /// <summary>Parses and validates a manifest, keeping its bytes.</summary>
    /// <param name="content">The manifest's bytes; they are kept, not copied, so they must not change afterwards.</param>
    /// <param name="contentType">The <c>Content-Type</c> it was served with, if any.</param>
    /// <param name="expectedDigest">The digest it was fetched by, if any; the bytes are verified against it.</param>
    /// <param name="maxSize">The largest manifest accepted, in bytes.</param>
    /// <returns>The parsed manifest.</returns>
    /// <exception cref="InvalidManifestException">The manifest is malformed, too large, or contradicts its Content-Type.</exception>
    /// <exception cref="DigestMismatchException">The bytes do not match <paramref name="expectedDigest"/>.</exception>
    public static Manifest Parse(ReadOnlyMemory<byte> content, string? contentType = null, Digest? expectedDigest = null, int maxSize = DefaultMaxSize)
    {
        if (content.Length > maxSize)
        {
            throw new InvalidManifestException($"The manifest is {content.Length} bytes, more than the limit of {maxSize} bytes.");
        }

        // A signed schema 1 manifest is identified by its JWS payload, which leaves the signatures out.
        var payload = MediaTypes.Normalize(contentType) is null or MediaTypes.DockerSchema1SignedManifest or "application/json"
            ? Schema1Payload.Find(content.Span)
            : null;
        var identified = payload is null ? content : payload;
        var digest = expectedDigest is null ? Digest.Compute(identified.Span) : Digest.Compute(identified.Span, expectedDigest.Algorithm);
        if (expectedDigest is not null && digest != expectedDigest)
        {
            throw new DigestMismatchException(expectedDigest, digest, null, content.Length);
        }

        var servedAs = MediaTypes.Normalize(contentType);
        if (servedAs is "application/json" or "text/plain" or "application/octet-stream" or "binary/octet-stream")
        {
            servedAs = null;
        }

        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(content.Span, ModelJsonContext.Default.ManifestDocument);
        }
        catch (JsonException e) when (servedAs is not null && !MediaTypes.IsManifest(servedAs))
        {
            // Content of a type we do not model need not be JSON of our shape; carry it as it is.
            _ = e;
            return new Manifest(content, servedAs, digest, ManifestKind.Opaque, null, null);
        }
        catch (JsonException e)
        {
            throw new InvalidManifestException($"The manifest {digest} is not valid JSON of a manifest's shape: {e.Message}", e);
        }

        if (document is null)
        {
            throw new InvalidManifestException($"The manifest {digest} is JSON null.");
        }

        var declared = document.MediaType;
        if (declared is not null && servedAs is not null && !string.Equals(declared, servedAs, StringComparison.Ordinal))
        {
            throw new InvalidManifestException(
                $"The manifest {digest} declares mediaType \"{declared}\" but was served as \"{servedAs}\".");
        }

        var mediaType = declared ?? servedAs ?? Detect(document)
            ?? throw new InvalidManifestException(
                $"The manifest {digest} has no mediaType and was served without one, and it has neither \"config\" nor \"manifests\" to tell its kind by.");

        if (MediaTypes.IsSchema1(mediaType))
        {
            RequireSchemaVersion(document, 1, digest);
            return new Manifest(content, mediaType, digest, ManifestKind.Schema1, null, null);
        }

        if (MediaTypes.IsImageManifest(mediaType))
        {
            RequireSchemaVersion(document, 2, digest);
            if (document.Manifests is not null)
            {
                throw new InvalidManifestException($"The manifest {digest} is typed \"{mediaType}\" but has an index's \"manifests\" member.");
            }

            var image = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = declared,
                ArtifactType = document.ArtifactType,
                Config = document.Config
                    ?? throw new InvalidManifestException($"The image manifest {digest} has no \"config\" descriptor."),
                Layers = document.Layers ?? [],
                Subject = document.Subject,
                Annotations = document.Annotations,
            };
            ValidateDescriptors(image.Layers, "layer", digest);
            return new Manifest(content, mediaType, digest, ManifestKind.Image, image, null);
        }

        if (MediaTypes.IsIndex(mediaType))
        {
            RequireSchemaVersion(document, 2, digest);
            if (document.Config is not null || document.Layers is not null)
            {
                throw new InvalidManifestException($"The index {digest} is typed \"{mediaType}\" but has an image manifest's \"config\" or \"layers\".");
            }

            var index = new ImageIndex
            {
                SchemaVersion = 2,
                MediaType = declared,
                ArtifactType = document.ArtifactType,
                Manifests = document.Manifests
                    ?? throw new InvalidManifestException($"The index {digest} has no \"manifests\" array."),
                Subject = document.Subject,
                Annotations = document.Annotations,
            };
            ValidateDescriptors(index.Manifests, "manifest", digest);
            return new Manifest(content, mediaType, digest, ManifestKind.Index, null, index);
        }

        return new Manifest(content, mediaType, digest, ManifestKind.Opaque, null, null);
    }

    /// <summary>
    /// Reads a manifest from a stream and parses it, refusing to read more than <paramref name="maxSize"/> bytes so
    /// that an oversized body is cut off while it streams rather than buffered whole.
    /// </summary>
    /// <param name="content">The stream to read to its end.</param>
    /// <param name="contentType">The <c>Content-Type</c> it was served with, if any.</param>
    /// <param name="expectedDigest">The digest it was fetched by, if any; the bytes are verified against it.</param>
    /// <param name="maxSize">The largest manifest accepted, in bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsed manifest.</returns>
    /// <exception cref="InvalidManifestException">The manifest is malformed, too large, or contradicts its Content-Type.</exception>
    /// <exception cref="DigestMismatchException">The bytes do not match <paramref name="expectedDigest"/>.</exception>
    public static async Task<Manifest> ReadAsync(
        Stream content,
        string? contentType = null,
        Digest? expectedDigest = null,
        int maxSize = DefaultMaxSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            // Never ask for more than one byte past the cap, so an oversized body is refused without being buffered.
            var memory = buffer.GetMemory(16 * 1024);
            memory = memory[..(int)Math.Min(memory.Length, (long)maxSize + 1 - buffer.WrittenCount)];
            var read = await content.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxSize)
            {
                throw new InvalidManifestException($"The manifest is larger than the limit of {maxSize} bytes; reading stopped there.");
            }
        }

        return Parse(buffer.WrittenMemory.ToArray(), contentType, expectedDigest, maxSize);
    }

    /// <summary>Serializes an image manifest and wraps it; its media type defaults to the OCI manifest type.</summary>
    /// <param name="manifest">The manifest to serialize.</param>
    /// <returns>The manifest with its bytes and digest.</returns>
    public static Manifest Create(ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Writer.ImageManifest);
        return Parse(bytes, manifest.MediaType ?? MediaTypes.OciManifest, null, int.MaxValue);
    }

    /// <summary>Serializes an index and wraps it; its media type defaults to the OCI index type.</summary>
    /// <param name="index">The index to serialize.</param>
    /// <returns>The index with its bytes and digest.</returns>
    public static Manifest Create(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, ModelJsonContext.Writer.ImageIndex);
        return Parse(bytes, index.MediaType ?? MediaTypes.OciIndex, null, int.MaxValue);
    }

    /// <summary>Returns the manifest's media type and digest.</summary>
    /// <returns>A short description, for logs and messages.</returns>
    public override string ToString() => $"{MediaType} {Digest}";

    private static string? Detect(ManifestDocument document) => document switch
    {
        { Manifests: not null } => MediaTypes.OciIndex,
        { Config: not null } => MediaTypes.OciManifest,
        { SchemaVersion: 1, FsLayers: not null } => MediaTypes.DockerSchema1Manifest,
        _ => null,
    };

    private static void RequireSchemaVersion(ManifestDocument document, int expected, Digest digest)
    {
        if (document.SchemaVersion != expected)
        {
            var actual = document.SchemaVersion is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing";
            throw new InvalidManifestException($"The manifest {digest} has schemaVersion {actual}; {expected} is required for its media type.");
        }
    }

    private static void ValidateDescriptors(IReadOnlyList<Descriptor> descriptors, string what, Digest digest)
    {
        for (var i = 0; i < descriptors.Count; i++)
        {
            if (descriptors[i].Size < 0)
            {
                throw new InvalidManifestException($"The manifest {digest} gives {what} {i} a negative size ({descriptors[i].Size}).");
            }
        }
    }
}
