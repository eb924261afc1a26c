using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.TokenServer;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>Plain HTTP with Bearer token auth: a <see cref="TokenServer"/> whose JWTs the registry verifies.</summary>
public sealed class TokenRegistry : CliRegistry
{
    public static readonly TokenAccount Pusher = TokenAccount.PullPush("pusher", "push-pw");

    public TokenServer Tokens { get; private set; } = null!;

    public override RegistryUser? User => new(Pusher.Name, Pusher.Password);

    public override SkopeoRegistryAccess PushAccess => new(TlsVerify: false, Credentials: User);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }
    }

    protected override async Task<RegistryFixture> StartRegistryAsync()
    {
        Tokens = await TokenServer.StartAsync(new TokenServerOptions { Accounts = [Pusher] });
        return await RegistryFixture.StartAsync(new RegistryOptions { TokenAuth = Tokens.TokenAuth });
    }
}
