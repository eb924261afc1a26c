using System.Net;
using System.Net.Sockets;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http.Tests.Transport;

public sealed class PlainHttpSnifferTests
{
    [Fact]
    public async Task A_port_that_answers_the_client_hello_in_http_serves_plain_http()
    {
        using var listener = Listen(out var port);
        var server = AnswerAsync(listener, "HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());

        Assert.True(await PlainHttpSniffer.ServesPlainHttpAsync(new Uri($"https://127.0.0.1:{port}/")));
        var hello = await server;
        Assert.Equal(0x16, hello[0]);
        Assert.Equal(5 + ((hello[3] << 8) | hello[4]), hello.Length);
        Assert.Equal(4 + ((hello[6] << 16) | (hello[7] << 8) | hello[8]), hello.Length - 5);
    }

    [Fact]
    public async Task A_port_that_answers_with_a_tls_alert_is_not_plain_http()
    {
        using var listener = Listen(out var port);
        _ = AnswerAsync(listener, [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

        Assert.False(await PlainHttpSniffer.ServesPlainHttpAsync(new Uri($"https://127.0.0.1:{port}/")));
    }

    [Fact]
    public async Task A_closed_port_or_a_name_is_not_sniffed_as_plain_http()
    {
        using var listener = Listen(out var port);
        listener.Stop();

        Assert.False(await PlainHttpSniffer.ServesPlainHttpAsync(new Uri($"https://127.0.0.1:{port}/")));
        Assert.False(await PlainHttpSniffer.ServesPlainHttpAsync(new Uri("https://registry.test:5000/")));
    }

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    // Reads the client's first record (its 5-byte header says how long it is), answers, and returns what it read.
    private static async Task<byte[]> AnswerAsync(TcpListener listener, byte[] answer)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var body = new byte[(header[3] << 8) | header[4]];
        await stream.ReadExactlyAsync(body);
        await stream.WriteAsync(answer);
        return [.. header, .. body];
    }
}
