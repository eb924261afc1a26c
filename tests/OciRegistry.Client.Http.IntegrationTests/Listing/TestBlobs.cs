using System.Net;
using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

/// <summary>
/// Puts blobs and small manifests into a test registry with plain HTTP requests (a monolithic upload:
/// POST /v2/NAME/blobs/uploads/ then PUT LOCATION?digest=), independent of the client's own upload code.
/// </summary>
internal static class TestBlobs
{
    public static async Task PushAsync(RegistryFixture registry, string repository, Descriptor blob, byte[] content)
    {
        using var http = registry.CreateHttpClient();
        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        var absolute = location.IsAbsoluteUri ? location : new Uri(registry.BaseAddress, location);
        var separator = string.IsNullOrEmpty(absolute.Query) ? "?" : "&";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var finish = await http.PutAsync(new Uri(absolute + separator + "digest=" + Uri.EscapeDataString(blob.Digest.ToString())), body);
        Assert.Equal(HttpStatusCode.Created, finish.StatusCode);
    }

    /// <summary>Pushes the empty config <c>{}</c> and returns a minimal image manifest using it, with the given extras.</summary>
    public static async Task<Manifest> EmptyImageAsync(
        RegistryFixture registry, string repository, string? artifactType = null, Descriptor? subject = null, IReadOnlyList<Descriptor>? layers = null)
    {
        await PushAsync(registry, repository, Descriptor.Empty, "{}"u8.ToArray());
        return Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = artifactType,
            Config = Descriptor.Empty with { Data = null },
            Layers = layers ?? [],
            Subject = subject,
        });
    }
}
