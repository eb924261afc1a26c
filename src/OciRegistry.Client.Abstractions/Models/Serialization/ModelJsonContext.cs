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
    public static ModelJsonContext Writer { get; } = CreateWriter();

    private static ModelJsonContext CreateWriter()
    {
        var options = new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return new ModelJsonContext(options);
    }
}
