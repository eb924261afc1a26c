using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Tests.Manifests;

public sealed class ManifestFetchTests
{
    private static readonly byte[] ManifestBytes = ScriptedManifest.Bytes;

    [Fact]
    public async Task Fetch_by_tag_sends_every_accepted_type_and_keeps_the_bytes()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ => ScriptedManifest.Response(ManifestBytes, servedDigest: Digest.Compute(ManifestBytes).ToString())));

        var manifest = await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(ManifestBytes, manifest.Content.ToArray());
        var request = registry.Handler.Requests.Last();
        Assert.Equal("https", request.Uri.Scheme);
        foreach (var type in MediaTypes.AcceptedManifestTypes)
        {
            Assert.Contains(type, request.Headers["Accept"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fetch_by_digest_rejects_bytes_that_do_not_hash_to_it()
    {
        var asked = Digest.Compute("something else"u8);
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, $"/v2/team/app/manifests/{asked}", _ => ScriptedManifest.Response(ManifestBytes)));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => registry.Repository().FetchManifestAsync(asked.ToString()));

        Assert.Equal(asked, error.Expected);
        Assert.Equal(Digest.Compute(ManifestBytes), error.Actual);
    }

    [Fact]
    public async Task Fetch_by_tag_rejects_a_docker_content_digest_that_disagrees_with_the_bytes()
    {
        var wrong = Digest.Compute("other"u8).ToString();
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ => ScriptedManifest.Response(ManifestBytes, servedDigest: wrong)));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Equal(wrong, error.Expected!.ToString());
    }

    [Fact]
    public async Task A_manifest_over_the_cap_is_cut_off_while_streaming()
    {
        var huge = new byte[3 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Get, "/v2/team/app/manifests/big", _ =>
            {
                // No Content-Length: the cap must be enforced on the bytes as they arrive.
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(huge)) };
                response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
                response.Content.Headers.ContentLength = null;
                return response;
            }),
            o => o.MaxManifestSize = 1024 * 1024);

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() => registry.Repository().FetchManifestAsync("big"));

        Assert.Contains("larger than the limit of 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_whose_media_type_contradicts_its_content_type_is_rejected()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, "/v2/team/app/manifests/v1", _ => ScriptedManifest.Response(ManifestBytes, MediaTypes.DockerManifest)));

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() => registry.Repository().FetchManifestAsync("v1"));

        Assert.Contains("but was served as \"application/vnd.docker.distribution.manifest.v2+json\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_manifest_is_a_manifest_not_found_error_naming_it()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, "/v2/team/app/manifests/nope", _ => new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"nope\"}}]}"),
            }));

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => registry.Repository().FetchManifestAsync("nope"));

        Assert.Equal(RegistryErrorCode.ManifestUnknown, error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(RegistryOperation.FetchManifest, error.Operation);
        Assert.Equal("registry.test/team/app", error.Repository);
        Assert.Equal("{\"Tag\":\"nope\"}", error.Errors[0].Detail);
        Assert.Contains("Manifest nope in registry.test/team/app was not found", error.Message, StringComparison.Ordinal);
    }
}
