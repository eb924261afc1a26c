using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// A plain HTTP/1.1 reverse proxy on a free 127.0.0.1 port in front of a loopback upstream (a
/// <see cref="RegistryFixture"/>), injecting the faults its <see cref="FaultRule"/>s choose: connection resets in a
/// request or response body, truncated and corrupted response bodies, 503/429 answers with <c>Retry-After</c>, slow
/// bodies. It parses and writes HTTP itself (raw sockets, not Kestrel) so that a reset or a truncation happens at an
/// exact byte. It records every request, and rewrites <c>Location</c> headers that point at the upstream so that
/// upload sessions and redirects keep going through it. Disposing it stops it and closes every connection.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly Lock _rulesLock = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Task _accepting;

    private FaultProxy(Uri upstream)
    {
        UpstreamAddress = upstream;
        Upstream = new HttpClient(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _accepting = AcceptAsync();
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>: where clients connect.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>127.0.0.1:PORT</c>: the registry host a client names to go through the proxy.</summary>
    public string Host => BaseAddress.Authority;

    /// <summary>The upstream's base address (plain http, loopback).</summary>
    public Uri UpstreamAddress { get; }

    /// <summary>Every request handled so far, in the order they finished.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    internal HttpClient Upstream { get; }

    /// <summary>Starts a proxy in front of a plain-HTTP registry fixture.</summary>
    public static FaultProxy Start(RegistryFixture registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Start(registry.BaseAddress);
    }

    /// <summary>Starts a proxy in front of <paramref name="upstream"/>, which must be <c>http://</c> on a loopback address.</summary>
    public static FaultProxy Start(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (!upstream.IsAbsoluteUri || upstream.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"The fault proxy forwards plain http only, not {upstream}.", nameof(upstream));
        }

        if (!upstream.IsLoopback)
        {
            throw new ArgumentException($"The fault proxy forwards to loopback only, not {upstream.Host}.", nameof(upstream));
        }

        return new FaultProxy(new Uri(upstream.GetLeftPart(UriPartial.Authority) + "/"));
    }

    /// <summary>Adds a rule: <paramref name="fault"/> for the matching requests after the first <paramref name="skip"/>, <paramref name="times"/> times.</summary>
    public FaultRule AddRule(RequestMatch match, Fault fault, int times = 1, int skip = 0)
    {
        var rule = new FaultRule(match, fault, times, skip);
        lock (_rulesLock)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    /// <summary>The recorded requests that <paramref name="match"/> selects.</summary>
    public IReadOnlyList<ProxiedRequest> RequestsMatching(RequestMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return [.. _requests.Where(r => match.Matches(r.Method, r.Path))];
    }

    internal Fault? Choose(string method, string path)
    {
        lock (_rulesLock)
        {
            FaultRule? chosen = null;
            foreach (var rule in _rules)
            {
                if (rule.Match.Matches(method, path) && rule.Count(taken: chosen is not null))
                {
                    chosen = rule;
                }
            }

            return chosen?.Fault;
        }
    }

    internal void Record(ProxiedRequest request) => _requests.Enqueue(request);

    /// <summary>Points a <c>Location</c> at the upstream back at the proxy; anything else passes unchanged.</summary>
    internal string RewriteLocation(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri)
            && uri.Scheme == UpstreamAddress.Scheme
            && string.Equals(uri.Authority, UpstreamAddress.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return BaseAddress.GetLeftPart(UriPartial.Authority) + uri.PathAndQuery + uri.Fragment;
        }

        return location;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _sockets.TryAdd(socket, 0);
            ProxyConnection connection;
            try
            {
                // Disposing closes every socket it finds; one accepted while it ran is closed here instead.
                _stopping.Token.ThrowIfCancellationRequested();
                socket.NoDelay = true;
                connection = new ProxyConnection(this, socket, _stopping.Token);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                _sockets.TryRemove(socket, out _);
                socket.Dispose();
                return;
            }

            var task = Task.Run(connection.RunAsync);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(
                t =>
                {
                    _connections.TryRemove(t, out _);
                    _sockets.TryRemove(socket, out _);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }

        var stopped = true;
        try
        {
            await Task.WhenAll([_accepting, .. _connections.Keys]).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Bounded: a connection stuck in the upstream is abandoned with its socket already closed; disposing the
            // upstream client below ends its request.
            stopped = false;
        }

        Upstream.Dispose();
        if (stopped)
        {
            _stopping.Dispose();
        }
    }
}
