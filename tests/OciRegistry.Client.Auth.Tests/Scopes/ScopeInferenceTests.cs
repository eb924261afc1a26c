using OciRegistry.Client.Auth.Scopes;

namespace OciRegistry.Client.Auth.Tests.Scopes;

public sealed class ScopeInferenceTests
{
    [Theory]
    [InlineData("GET", "https://r.test/v2/team/app/manifests/latest", "repository:team/app:pull")]
    [InlineData("HEAD", "https://r.test/v2/team/app/blobs/sha256:abc", "repository:team/app:pull")]
    [InlineData("GET", "https://r.test/v2/team/app/tags/list?n=10", "repository:team/app:pull")]
    [InlineData("GET", "https://r.test/v2/team/app/referrers/sha256:abc", "repository:team/app:pull")]
    [InlineData("PUT", "https://r.test/v2/team/app/manifests/v1", "repository:team/app:pull,push")]
    [InlineData("POST", "https://r.test/v2/team/app/blobs/uploads/", "repository:team/app:pull,push")]
    [InlineData("PATCH", "https://r.test/v2/team/app/blobs/uploads/7b3c?_state=x", "repository:team/app:pull,push")]
    [InlineData("DELETE", "https://r.test/v2/team/app/manifests/sha256:abc", "repository:team/app:delete")]
    [InlineData("POST", "https://r.test/v2/dst/blobs/uploads/?mount=sha256:abc&from=src/app", "repository:dst:pull,push repository:src/app:pull")]
    [InlineData("GET", "https://r.test/v2/a/blobs/b/manifests/latest", "repository:a/blobs/b:pull")]
    [InlineData("GET", "https://r.test/v2/_catalog?n=100", "registry:catalog:*")]
    [InlineData("GET", "https://r.test/v2/", "")]
    [InlineData("GET", "https://r.test/other", "")]
    public void Infers_the_scope_of_a_request(string method, string uri, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);

        Assert.Equal(expected, string.Join(' ', ScopeInference.Infer(request)));
    }

    [Fact]
    public void Picks_the_pushed_repository_for_credentials()
    {
        Assert.Equal("dst", ScopeInference.Repository([RegistryAuthScope.Repository("src", "pull"), RegistryAuthScope.Repository("dst", "pull", "push")]));
        Assert.Equal("src", ScopeInference.Repository([RegistryAuthScope.Catalog, RegistryAuthScope.Repository("src", "pull")]));
        Assert.Null(ScopeInference.Repository([RegistryAuthScope.Catalog]));
    }
}
