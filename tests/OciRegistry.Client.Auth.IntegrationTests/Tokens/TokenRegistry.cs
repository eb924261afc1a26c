using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.TokenServer;

namespace OciRegistry.Client.Auth.IntegrationTests.Tokens;

/// <summary>A token server and a registry (plain HTTP) that trusts its tokens, started together.</summary>
public class TokenRegistry : IAsyncLifetime
{
    public static readonly TokenAccount Pusher = TokenAccount.PullPush("pusher", "push-pw");
    public static readonly TokenAccount Reader = TokenAccount.PullOnly("reader", "read-pw");

    private readonly TokenServerOptions _options;

    public TokenRegistry()
        : this(new TokenServerOptions { Accounts = [Pusher, Reader] })
    {
    }

    protected TokenRegistry(TokenServerOptions options) => _options = options;

    public TokenServer Tokens { get; private set; } = null!;

    public RegistryFixture Registry { get; private set; } = null!;

    public static async Task<TokenRegistry> StartAsync(TokenServerOptions options)
    {
        var started = new TokenRegistry(options);
        await started.InitializeAsync();
        return started;
    }

    public async Task InitializeAsync()
    {
        Tokens = await TokenServer.StartAsync(_options);
        Registry = await RegistryFixture.StartAsync(new RegistryOptions { TokenAuth = Tokens.TokenAuth });
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
