using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

/// <summary><see cref="RegistryLoginStore.GetAsync"/>: what <c>login --get-login</c> reads back.</summary>
public sealed class RegistryLoginStoreLookupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private RegistryLoginStore Store() =>
        new(Options.Create(new RegistryAuthenticationOptions { AuthFile = Path.Combine(_dir.Path, "auth.json") }));

    [Fact]
    public async Task Reads_back_what_was_stored_and_nothing_for_other_registries()
    {
        using var store = Store();
        Assert.Null(await store.GetAsync("r.test:5000"));

        await store.StoreAsync("r.test:5000", RegistryCredential.FromUsernamePassword("alice", "pw"));
        await store.StoreAsync("r.test:5000/team", RegistryCredential.FromUsernamePassword("team-bot", "pw2"));

        Assert.Equal("alice", (await store.GetAsync("r.test:5000"))?.Username);
        Assert.Equal("team-bot", (await store.GetAsync("r.test:5000/team"))?.Username);
        Assert.Null(await store.GetAsync("other.test"));

        await store.EraseAsync("r.test:5000");
        Assert.Null(await store.GetAsync("r.test:5000"));
    }
}
