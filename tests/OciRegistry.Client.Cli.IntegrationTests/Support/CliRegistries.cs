using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>A registry started once per test class, holding <see cref="Sample"/>: a two-layer image tagged v1 and
/// v2 in <c>sample/app</c>. Tests that change a repository push their own image.</summary>
public abstract class CliRegistry : IAsyncLifetime
{
    public static readonly RegistryUser Alice = new("alice", "correct horse battery staple");

    public RegistryFixture Registry { get; private set; } = null!;

    internal SampleImage Sample { get; private set; } = null!;

    /// <summary>The account that may pull and push here (htpasswd or token server), null without auth.</summary>
    public virtual RegistryUser? User => Registry.Options.Users.FirstOrDefault();

    /// <summary>The skopeo flags that may push here (the oracle that sets images up).</summary>
    public virtual SkopeoRegistryAccess PushAccess => Registry.GetSkopeoAccess();

    /// <summary>The <c>ocireg</c> flags (without prefix) that reach this registry without credentials.</summary>
    public IReadOnlyList<string> TransportFlags(string prefix = "") =>
        Registry.Options.Tls
            ? [$"--{prefix}cert-dir", Registry.CaCertificateDirectory!]
            : [$"--{prefix}tls-verify=false"];

    public async Task InitializeAsync()
    {
        Registry = await StartRegistryAsync();
        Sample = await SampleImage.PushAsync(Registry, "sample/app", ["v1", "v2"], PushAccess);
    }

    public virtual async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    internal Task<SampleImage> PushNewAsync(string prefix, params string[] tags) =>
        SampleImage.PushAsync(Registry, Registry.NewRepository(prefix), tags.Length == 0 ? ["v1"] : tags, PushAccess);

    protected abstract Task<RegistryFixture> StartRegistryAsync();
}

/// <summary>Plain HTTP, no auth, deletion enabled.</summary>
public sealed class PlainRegistry : CliRegistry
{
    protected override Task<RegistryFixture> StartRegistryAsync() => RegistryFixture.StartAsync(new RegistryOptions());
}

/// <summary>Plain HTTP with htpasswd user <see cref="CliRegistry.Alice"/>.</summary>
public sealed class HtpasswdRegistry : CliRegistry
{
    protected override Task<RegistryFixture> StartRegistryAsync() =>
        RegistryFixture.StartAsync(new RegistryOptions { Users = [Alice] });
}

/// <summary>HTTPS (a CA of its own, in <see cref="RegistryFixture.CaCertificateDirectory"/>) with htpasswd user
/// <see cref="CliRegistry.Alice"/>.</summary>
public sealed class TlsRegistry : CliRegistry
{
    protected override Task<RegistryFixture> StartRegistryAsync() =>
        RegistryFixture.StartAsync(new RegistryOptions { Users = [Alice], Tls = true });
}
