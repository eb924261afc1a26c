using System.Net;
using System.Net.Sockets;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// Tells, without TLS, whether a port of a registry marked insecure answers in plain HTTP. The https attempt that
/// would otherwise come first loads and initialises the TLS library only to fail, which costs more than the whole
/// request on a local registry. A TLS ClientHello record is sent over a bare socket: a TLS server answers with a
/// handshake or alert record (0x16 / 0x15), an HTTP server with <c>HTTP/1.x 400</c>. Only an answer starting with
/// <c>H</c> counts as plain HTTP; anything else (TLS, silence, a closed or refused connection, a timeout) leaves the
/// usual https-then-http order in place. Only IP literals and <c>localhost</c> are sniffed, so no name is resolved
/// outside the HTTP client (and its proxy settings), and only when no proxy applies.
/// </summary>
internal static class PlainHttpSniffer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // TLS 1.2 ClientHello: record header, handshake header, version, 32 "random" bytes, no session id, two cipher
    // suites (ECDHE-RSA-AES128-GCM-SHA256, RSA-AES128-CBC-SHA), null compression, no extensions. The random bytes end
    // in CR LF: an HTTP server reads a request line up to LF before it answers 400, and would otherwise wait.
    private static readonly byte[] ClientHello =
    [
        0x16, 0x03, 0x01, 0x00, 0x2f,
        0x01, 0x00, 0x00, 0x2b,
        0x03, 0x03,
        .. new byte[30], 0x0d, 0x0a,
        0x00,
        0x00, 0x04, 0xc0, 0x2f, 0x00, 0x2f,
        0x01, 0x00,
    ];

    /// <summary>Tells whether <paramref name="address"/> (an https base address) is served in plain HTTP.</summary>
    /// <param name="address">The registry's https base address.</param>
    /// <returns><see langword="true"/> only when the port answered a ClientHello in HTTP.</returns>
    public static async Task<bool> ServesPlainHttpAsync(Uri address)
    {
        var host = address.DnsSafeHost;
        if (!IPAddress.TryParse(host, out var ip) && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (HttpClient.DefaultProxy.GetProxy(address) is { } proxy && proxy != address)
        {
            return false;
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (ip is not null)
            {
                await socket.ConnectAsync(ip, address.Port, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(IPAddress.Loopback, address.Port, timeout.Token).ConfigureAwait(false);
            }

            await socket.SendAsync(ClientHello, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var first = new byte[1];
            var read = await socket.ReceiveAsync(first, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return read == 1 && first[0] == (byte)'H';
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
