using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OciRegistry.Client.Auth.Credentials;

namespace OciRegistry.Client.Auth.Tests.Support;

/// <summary>The authentication handler for one registry over a scripted network, with explicit credentials.</summary>
public sealed class AuthHarness : IDisposable
{
    private readonly HttpMessageInvoker _invoker;

    public AuthHarness(
        HttpMessageHandler network,
        RegistryCredential? credential = null,
        string registry = "registry.test",
        bool insecure = false,
        Action<RegistryAuthenticationOptions>? configure = null)
    {
        Options = new RegistryAuthenticationOptions { UseAuthFiles = false };
        if (credential is not null)
        {
            Options.Credentials[registry] = credential;
        }

        configure?.Invoke(Options);
        var store = RegistryAuthenticator.CreateStoreChain(Options, [], new FakeEnvironment(), ProcessRunner.Instance, Logs.CreateLogger("test"));
        Authenticator = new RegistryAuthenticator(Options, store, Logs, Time);
        var handler = Authenticator.CreateHandler(registry, insecure);
        handler.InnerHandler = network;
        _invoker = new HttpMessageInvoker(handler);
    }

    public RegistryAuthenticationOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public CapturingLoggerFactory Logs { get; } = new();

    public RegistryAuthenticator Authenticator { get; }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _invoker.SendAsync(request, CancellationToken.None);

    public async Task<HttpResponseMessage> GetAsync(string uri, IReadOnlyList<RegistryAuthScope>? scopes = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (scopes is not null)
        {
            request.Options.Set(RegistryAuthRequestOptions.Scopes, scopes);
        }

        return await SendAsync(request);
    }

    public void Dispose() => _invoker.Dispose();
}

/// <summary>Keeps every log line, to check that none carries a secret.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    public ConcurrentBag<string> Lines { get; } = [];

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));

    public void Dispose()
    {
    }
}
