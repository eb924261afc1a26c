using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

public sealed partial class PlainRegistryTests(RegistryFixture registry, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IDisposable
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task V2_answers_200_with_the_distribution_api_version()
    {
        using var client = registry.CreateHttpClient();

        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", Assert.Single(response.Headers.GetValues("Docker-Distribution-API-Version")));
        Assert.Equal("http", registry.BaseAddress.Scheme);
    }

    [Fact]
    public async Task Deleting_a_pushed_manifest_by_digest_returns_202()
    {
        var repository = registry.NewRepository("delete");
        var image = await TestImages.Locate().PushAsync(registry, repository, "v1");
        using var client = registry.CreateHttpClient();

        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri($"v2/{repository}/manifests/v1", UriKind.Relative));
        head.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var headResponse = await client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        var digest = Digest.Parse(Assert.Single(headResponse.Headers.GetValues("Docker-Content-Digest")));
        Assert.Equal(image.ManifestDigest, digest);

        using var delete = await client.DeleteAsync(new Uri($"v2/{repository}/manifests/{digest}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        using var gone = new HttpRequestMessage(HttpMethod.Head, new Uri($"v2/{repository}/manifests/{digest}", UriKind.Relative));
        gone.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var goneResponse = await client.SendAsync(gone);
        Assert.Equal(HttpStatusCode.NotFound, goneResponse.StatusCode);
    }

    [Fact]
    public void NewRepository_yields_distinct_names_valid_under_the_reference_grammar()
    {
        string[] prefixes = ["copy", "Copy", "library/alpine", "Weird Name!!/..x..", "", "a__b", "UPPER/Case/Path"];

        var names = Enumerable.Range(0, 200)
            .AsParallel()
            .Select(i => registry.NewRepository(prefixes[i % prefixes.Length]))
            .ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches(RepositoryPath(), name));
        Assert.StartsWith("library/alpine-", registry.NewRepository("library/alpine"), StringComparison.Ordinal);
    }

    public void Dispose() => _log.Dispose();

    // path-component (/ path-component)*, from distribution/reference's grammar.
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPath();
}
