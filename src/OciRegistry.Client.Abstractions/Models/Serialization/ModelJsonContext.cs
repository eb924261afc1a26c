using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models.Serialization;

/// <summary>Source-generated (AOT-safe) JSON metadata for the manifest, index, descriptor and config models.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DigestJsonConverter), typeof(Rfc3339TimestampJsonConverter)])]
[JsonSerializable(typeof(ManifestDocument))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
internal sealed partial class ModelJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context to write with: it leaves '+' and other non-HTML-safe characters unescaped, as every registry and
    /// tool writes media types, so that the JSON we produce reads like theirs.
    /// </summary>
    public static ModelJsonContext Writer => WriterHolder.Instance;

    // A nested holder so the writer is built on first use, after the generated Default instance exists: a static
    // initializer of this partial class could run before the generated one.
    private static class WriterHolder
    {
        public static readonly ModelJsonContext Instance = new(new JsonSerializerOptions(Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
