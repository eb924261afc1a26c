using System.Text;
using OciRegistry.Client.Trust.Policy;

namespace OciRegistry.Client.Trust.Tests.Policy;

public sealed class PolicyScopesTests
{
    private static readonly TrustPolicy Policy = PolicyParser.Parse(Encoding.UTF8.GetBytes("""
        {
          "default": [{"type": "reject"}],
          "transports": {
            "docker": {
              "": [{"type": "insecureAcceptAnything"}],
              "*.example.com": [{"type": "reject"}],
              "registry.example.com": [{"type": "reject"}],
              "registry.example.com/team": [{"type": "reject"}],
              "registry.example.com/team/app": [{"type": "reject"}],
              "registry.example.com/team/app:1.0": [{"type": "reject"}]
            },
            "dir": {"/srv/images": [{"type": "reject"}]}
          }
        }
        """), "policy.json");

    [Theory]
    [InlineData("registry.example.com/team/app:1.0", "docker: registry.example.com/team/app:1.0")]
    [InlineData("registry.example.com/team/app:2.0", "docker: registry.example.com/team/app")]
    [InlineData("registry.example.com/team/other:1", "docker: registry.example.com/team")]
    [InlineData("registry.example.com/solo:1", "docker: registry.example.com")]
    [InlineData("other.example.com/x:1", "docker: *.example.com")]
    [InlineData("a.b.example.com/x:1", "docker: *.example.com")]
    [InlineData("quay.io/x:1", "docker (transport default)")]
    public void The_most_specific_docker_scope_applies(string reference, string scope)
    {
        var (applied, _) = Policy.RequirementsFor(PolicyScopes.For(ImageLocation.Parse("docker://" + reference)));

        Assert.Equal(scope, applied);
    }

    [Fact]
    public void A_wildcard_matches_subdomains_only()
    {
        var candidates = PolicyScopes.ForRegistry(ImageReference.Parse("example.com/x:1")).Candidates;

        Assert.DoesNotContain("*.example.com", candidates);
        Assert.Contains("*.com", candidates);
    }

    [Fact]
    public void A_directory_falls_in_its_parents_scopes_and_else_the_default()
    {
        Assert.Equal("dir: /srv/images", Policy.RequirementsFor(PolicyScopes.For(ImageLocation.Parse("dir:/srv/images/app/v1"))).Scope);
        Assert.Equal("default", Policy.RequirementsFor(PolicyScopes.For(ImageLocation.Parse("dir:/elsewhere/app"))).Scope);
    }

    [Fact]
    public void A_registry_image_without_tag_is_judged_as_latest()
    {
        var scopes = PolicyScopes.For(ImageLocation.Parse("docker://registry.example.com/team/app"));

        Assert.Equal("registry.example.com/team/app:latest", scopes.Candidates[0]);
        Assert.Equal("registry.example.com/team/app:latest", scopes.Identity!.ToString());
    }
}
