using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Tests.Manifests;

public sealed class ManifestResolveTests
{
    private const string ManifestPath = "/v2/team/app/manifests/v1";

    private static readonly byte[] ManifestBytes = ScriptedManifest.Bytes;

    private static readonly Digest ManifestDigest = Digest.Compute(ManifestBytes);

    private static HttpResponseMessage Head(string? servedDigest, string? contentType = MediaTypes.OciManifest)
    {
        // A HEAD answer: the headers of the GET, no body.
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentLength = ManifestBytes.Length;
        response.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        if (servedDigest is not null)
        {
            response.Headers.Add("Docker-Content-Digest", servedDigest);
        }

        return response;
    }

    [Fact]
    public async Task Resolve_uses_head_and_returns_the_served_descriptor()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Head, ManifestPath, _ => Head(ManifestDigest.ToString())));

        var descriptor = await registry.Repository().ResolveAsync("v1");

        Assert.Equal(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = ManifestDigest, Size = ManifestBytes.Length }, descriptor);
        var head = Assert.Single(registry.Handler.Requests, r => r.Uri.AbsolutePath == ManifestPath);
        Assert.Equal(HttpMethod.Head, head.Method);
        Assert.Contains(MediaTypes.OciIndex, head.Headers["Accept"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_falls_back_to_get_when_head_has_no_digest()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Head, ManifestPath, _ => Head(servedDigest: null))
            .On(HttpMethod.Get, ManifestPath, _ => ScriptedManifest.Response()));

        var descriptor = await registry.Repository().ResolveAsync("v1");

        Assert.Equal(ManifestDigest, descriptor.Digest);
        Assert.Equal(ManifestBytes.Length, descriptor.Size);
        Assert.Equal(MediaTypes.OciManifest, descriptor.MediaType);
        Assert.Equal(
            [HttpMethod.Head, HttpMethod.Get],
            registry.Handler.Requests.Where(r => r.Uri.AbsolutePath == ManifestPath).Select(r => r.Method));
    }

    [Fact]
    public async Task Resolve_falls_back_to_get_when_head_has_no_manifest_type()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Head, ManifestPath, _ => Head(ManifestDigest.ToString(), "application/octet-stream"))
            .On(HttpMethod.Get, ManifestPath, _ => ScriptedManifest.Response()));

        var descriptor = await registry.Repository().ResolveAsync("v1");

        Assert.Equal(MediaTypes.OciManifest, descriptor.MediaType);
        Assert.Equal(2, registry.Handler.Requests.Count(r => r.Uri.AbsolutePath == ManifestPath));
    }

    [Fact]
    public async Task Resolve_by_digest_rejects_a_registry_serving_another_digest()
    {
        var other = Digest.Compute("other"u8);
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Head, $"/v2/team/app/manifests/{ManifestDigest}", _ => Head(other.ToString())));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => registry.Repository().ResolveAsync(ManifestDigest.ToString()));

        Assert.Equal(ManifestDigest, error.Expected);
        Assert.Equal(other, error.Actual);
    }

    [Fact]
    public async Task Resolve_of_a_missing_manifest_is_a_manifest_not_found_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => registry.Repository().ResolveAsync("v1"));

        Assert.Equal(RegistryOperation.ResolveManifest, error.Operation);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bad")]
    [InlineData("sha256:short")]
    public async Task Resolve_refuses_an_invalid_reference_before_any_request(string reference)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        await Assert.ThrowsAnyAsync<OciRegistryException>(() => registry.Repository().ResolveAsync(reference));

        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal));
    }
}
