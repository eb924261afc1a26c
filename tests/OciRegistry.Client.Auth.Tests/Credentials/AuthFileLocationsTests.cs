using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

public sealed class AuthFileLocationsTests
{
    [Fact]
    public void Reads_skopeos_files_in_order()
    {
        var environment = new FakeEnvironment(new() { ["HOME"] = "/home/u", ["XDG_RUNTIME_DIR"] = "/run/user/1000" });

        Assert.Equal(
            ["/run/user/1000/containers/auth.json", "/home/u/.config/containers/auth.json", "/home/u/.docker/config.json"],
            AuthFileLocations.Resolve(null, environment));
    }

    [Fact]
    public void Honours_xdg_config_home_and_docker_config()
    {
        var environment = new FakeEnvironment(new() { ["HOME"] = "/home/u", ["XDG_CONFIG_HOME"] = "/cfg", ["DOCKER_CONFIG"] = "/dock" });

        Assert.Equal(["/cfg/containers/auth.json", "/dock/config.json"], AuthFileLocations.Resolve(null, environment));
    }

    [Fact]
    public void Reads_only_the_registry_auth_file_when_it_is_set()
    {
        var environment = new FakeEnvironment(new() { ["HOME"] = "/home/u", ["REGISTRY_AUTH_FILE"] = "/env/auth.json", ["XDG_RUNTIME_DIR"] = "/run" });

        Assert.Equal(["/env/auth.json"], AuthFileLocations.Resolve(null, environment));
    }

    [Fact]
    public void An_explicit_auth_file_wins_over_the_environment()
    {
        var environment = new FakeEnvironment(new() { ["REGISTRY_AUTH_FILE"] = "/env/auth.json" });

        Assert.Equal(["/flag/auth.json"], AuthFileLocations.Resolve("/flag/auth.json", environment));
    }

    [Fact]
    public void Without_home_only_the_variables_that_are_set_count()
    {
        Assert.Empty(AuthFileLocations.Resolve(null, new FakeEnvironment()));
    }
}
