using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Tests.Scripted;

/// <summary>The smallest OCI image manifest (the empty config, no layers), and a scripted registry's answer carrying it.</summary>
internal static class ScriptedManifest
{
    /// <summary>Gets a new copy of the manifest's bytes.</summary>
    public static byte[] Bytes =>
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}"u8.ToArray();

    /// <summary>A 200 answer to a manifest GET with <paramref name="body"/> (this manifest by default).</summary>
    public static HttpResponseMessage Response(byte[]? body = null, string contentType = MediaTypes.OciManifest, string? servedDigest = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body ?? Bytes) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (servedDigest is not null)
        {
            response.Headers.Add("Docker-Content-Digest", servedDigest);
        }

        return response;
    }
}
