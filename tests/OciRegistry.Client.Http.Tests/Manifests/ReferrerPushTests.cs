using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Tests.Manifests;

public sealed class ReferrerPushTests
{
    private static readonly Descriptor Subject = Descriptor.FromContent(MediaTypes.OciManifest, "the image"u8.ToArray());

    private static readonly string FallbackTagPath = $"/v2/team/app/manifests/sha256-{Subject.Digest.Encoded}";

    private static readonly Manifest Sbom = Manifest.Create(new ImageManifest
    {
        MediaType = MediaTypes.OciManifest,
        ArtifactType = "application/spdx+json",
        Config = Descriptor.FromContent("application/vnd.oci.empty.v1+json", "{}"u8.ToArray()),
        Layers = [Descriptor.FromContent("application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}"u8.ToArray())],
        Subject = Subject,
    });

    /// <summary>A registry that keeps the manifests pushed to it and serves them back, answering each push with <paramref name="pushHeaders"/>.</summary>
    private static ScriptedHandler StoringRegistry(ConcurrentDictionary<string, (byte[] Body, string MediaType)> stored, params (string Name, string Value)[] pushHeaders) =>
        new ScriptedHandler().WithPing()
            .On(r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.StartsWith("/v2/team/app/manifests/", StringComparison.Ordinal), r =>
            {
                stored[r.Uri.AbsolutePath] = (r.Body!, r.ContentHeaders["Content-Type"]);
                var response = new HttpResponseMessage(HttpStatusCode.Created);
                response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Compute(r.Body!).ToString());
                foreach (var (name, value) in pushHeaders)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                return response;
            })
            .On(r => (r.Method == HttpMethod.Get || r.Method == HttpMethod.Head) && r.RequestUri!.AbsolutePath.StartsWith("/v2/team/app/manifests/", StringComparison.Ordinal), r =>
            {
                if (!stored.TryGetValue(r.Uri.AbsolutePath, out var manifest))
                {
                    return new HttpResponseMessage(HttpStatusCode.NotFound)
                    {
                        Content = new StringContent("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"),
                    };
                }

                var content = new ByteArrayContent(r.Method == HttpMethod.Head ? [] : manifest.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                content.Headers.ContentLength = manifest.Body.Length;
                var found = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
                found.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Compute(manifest.Body).ToString());
                return found;
            });

    [Fact]
    public async Task A_push_answered_with_OCI_Subject_writes_no_referrers_tag()
    {
        var stored = new ConcurrentDictionary<string, (byte[] Body, string MediaType)>();
        using var registry = new ScriptedRegistry(StoringRegistry(stored, ("OCI-Subject", Subject.Digest.ToString())));

        await registry.Repository().PushManifestAsync(Sbom);

        Assert.Equal([$"/v2/team/app/manifests/{Sbom.Digest}"], stored.Keys);
        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath == FallbackTagPath);
    }

    [Fact]
    public async Task A_push_answered_without_OCI_Subject_adds_the_referrer_to_the_subjects_tag_index()
    {
        var stored = new ConcurrentDictionary<string, (byte[] Body, string MediaType)>();
        using var registry = new ScriptedRegistry(StoringRegistry(stored));

        await registry.Repository().PushManifestAsync(Sbom);

        Assert.True(stored.TryGetValue(FallbackTagPath, out var written), "the sha256-HEX index was not written");
        Assert.Equal(MediaTypes.OciIndex, written.MediaType);
        var entry = Assert.Single(Manifest.Parse(written.Body, written.MediaType).Index!.Manifests);
        Assert.Equal(Sbom.Digest, entry.Digest);
        Assert.Equal("application/spdx+json", entry.ArtifactType);
    }
}
