using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// One client connection of a <see cref="FaultProxy"/>: reads HTTP/1.1 requests one after the other, forwards each
/// upstream (or answers it with a fault), and writes the response with its own framing, so that every byte of a body
/// is under the proxy's control.
/// </summary>
internal sealed class ProxyConnection(FaultProxy proxy, Socket socket, CancellationToken stopping)
{
    private const int BufferSize = 64 * 1024;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Expect", "Host", "Content-Length",
    };

    private readonly NetworkStream _stream = new(socket, ownsSocket: false);
    private bool _reset;

    public async Task RunAsync()
    {
        var reader = new ClientReader(_stream);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var head = await RequestHead.ReadAsync(reader, stopping);
                if (head is null || !await HandleAsync(reader, head))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException or OperationCanceledException or FormatException)
        {
            // The client went away, sent something this proxy does not speak, or the proxy is stopping.
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Handles one request; false when the connection must close afterwards.</summary>
    private async Task<bool> HandleAsync(ClientReader reader, RequestHead head)
    {
        var fault = proxy.Choose(head.Method, head.Path);
        if (head.ExpectsContinue)
        {
            await WriteAsync("HTTP/1.1 100 Continue\r\n\r\n");
        }

        var body = new RequestBody(reader, head, (fault as ResetRequestFault)?.AfterBytes, stopping);
        if (fault is StallFault { AfterBytes: null })
        {
            await body.DrainAsync(stopping);
            proxy.Record(new(head.Method, head.Target, null, body.BytesRead, 0, fault));
            await WaitForClientToLeaveAsync();
            return false;
        }

        if (fault is StatusFault status)
        {
            await body.DrainAsync(stopping);
            var retryAfter = status.RetryAfter is { } value ? $"Retry-After: {value}\r\n" : string.Empty;
            proxy.Record(new(head.Method, head.Target, status.StatusCode, body.BytesRead, 0, fault));
            await WriteAsync($"HTTP/1.1 {status.StatusCode} {Reason(status.StatusCode)}\r\n{retryAfter}Content-Length: 0\r\n\r\n");
            return head.KeepAlive;
        }

        using var forward = BuildForward(head, body);
        HttpResponseMessage response;
        try
        {
            response = await proxy.Upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, stopping);
        }
        catch (Exception) when (body.ResetReached)
        {
            proxy.Record(new(head.Method, head.Target, null, body.BytesRead, 0, fault));
            Reset();
            return false;
        }
        catch (HttpRequestException)
        {
            proxy.Record(new(head.Method, head.Target, 502, body.BytesRead, 0, fault));
            await WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return false;
        }

        using (response)
        {
            if (body.ResetReached)
            {
                proxy.Record(new(head.Method, head.Target, null, body.BytesRead, 0, fault));
                Reset();
                return false;
            }

            // An upstream that answered before reading the whole body leaves the rest of it on this connection.
            var keepAlive = head.KeepAlive && body.Completed && !response.Headers.ConnectionClose.GetValueOrDefault();
            var statusCode = (int)response.StatusCode;
            var hasBody = !string.Equals(head.Method, "HEAD", StringComparison.OrdinalIgnoreCase) && statusCode is >= 200 and not 204 and not 304;
            var length = response.Content.Headers.ContentLength;
            var chunked = hasBody && length is null;
            // Each exchange is recorded before the client can see it end, so a test that saw a response sees its record.
            void Record(long sent) => proxy.Record(new(head.Method, head.Target, statusCode, body.BytesRead, sent, fault));
            if (!hasBody || length == 0)
            {
                // An empty body ends with the head: record first, or the client could see the end before the record.
                Record(0);
                await WriteAsync(ResponseHead(response, chunked, keepAlive));
                return keepAlive;
            }

            await WriteAsync(ResponseHead(response, chunked, keepAlive));
            var complete = await CopyBodyAsync(response, fault, chunked, length, Record);
            return keepAlive && complete;
        }
    }

    private HttpRequestMessage BuildForward(RequestHead head, RequestBody body)
    {
        var forward = new HttpRequestMessage(new HttpMethod(head.Method), new Uri(proxy.UpstreamAddress, head.Target));
        if (head.HasBody)
        {
            forward.Content = new ForwardedContent(body, head.ContentLength);
        }

        foreach (var (name, value) in head.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, value))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return forward;
    }

    private string ResponseHead(HttpResponseMessage response, bool chunked, bool keepAlive)
    {
        var status = (int)response.StatusCode;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {response.ReasonPhrase ?? Reason(status)}\r\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHop.Contains(name) && !string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                var sent = string.Equals(name, "Location", StringComparison.OrdinalIgnoreCase) ? proxy.RewriteLocation(value) : value;
                text.Append(CultureInfo.InvariantCulture, $"{name}: {sent}\r\n");
            }
        }

        if (chunked)
        {
            text.Append("Transfer-Encoding: chunked\r\n");
        }

        if (!keepAlive)
        {
            text.Append("Connection: close\r\n");
        }

        return text.Append("\r\n").ToString();
    }

    /// <summary>
    /// Copies the response body to the client, applying the fault; calls <paramref name="record"/> with the bytes sent
    /// before the client can see the body end; returns whether the body was complete.
    /// </summary>
    private async Task<bool> CopyBodyAsync(HttpResponseMessage response, Fault? fault, bool chunked, long? length, Action<long> record)
    {
        var recorded = false;
        void Record(long sent)
        {
            if (!recorded)
            {
                recorded = true;
                record(sent);
            }
        }

        long? cut = fault switch
        {
            ResetResponseFault reset => reset.AfterBytes,
            TruncateResponseFault truncate => truncate.AfterBytes,
            StallFault stall => stall.AfterBytes,
            _ => null,
        };
        var flip = (fault as FlipResponseByteFault)?.Offset;
        var trickle = fault as TrickleFault;
        var trickleChunk = trickle is null ? BufferSize : Math.Max(1, trickle.BytesPerSecond / 10);
        var trickleUntil = trickle is null ? 0 : Environment.TickCount64 + (long)trickle.Duration.TotalMilliseconds;

        var buffer = new byte[BufferSize];
        long sent = 0;
        await using var source = await response.Content.ReadAsStreamAsync(stopping);
        while (true)
        {
            var count = buffer.Length;
            var trickling = trickle is not null && Environment.TickCount64 < trickleUntil;
            if (trickling)
            {
                count = Math.Min(count, trickleChunk);
            }

            if (cut is { } limit)
            {
                if (sent >= limit && (length is null || sent < length))
                {
                    break;
                }

                count = (int)Math.Min(count, limit - sent);
            }

            int read;
            try
            {
                read = await source.ReadAsync(buffer.AsMemory(0, count), stopping);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The upstream broke off: the client sees the same.
                Record(sent);
                Reset();
                return false;
            }

            if (read == 0)
            {
                if (length is { } promised && sent < promised)
                {
                    Record(sent);
                    Reset();
                    return false;
                }

                Record(sent);
                if (chunked)
                {
                    await WriteAsync("0\r\n\r\n");
                }

                return true;
            }

            if (flip is { } offset && offset >= sent && offset < sent + read)
            {
                buffer[offset - sent] ^= 0xFF;
            }

            if (length is { } total && sent + read >= total)
            {
                Record(sent + read);
            }

            if (chunked)
            {
                await WriteAsync($"{read:x}\r\n");
            }

            await _stream.WriteAsync(buffer.AsMemory(0, read), stopping);
            if (chunked)
            {
                await WriteAsync("\r\n");
            }

            sent += read;
            if (trickling)
            {
                await Task.Delay(100, stopping);
            }
        }

        // The cut was reached before the body's end.
        Record(sent);
        if (fault is StallFault)
        {
            await WaitForClientToLeaveAsync();
        }
        else if (fault is ResetResponseFault)
        {
            Reset();
        }
        else
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        return false;
    }

    /// <summary>Sends nothing until the client closes the connection (or sends anything) or the proxy stops.</summary>
    private async Task WaitForClientToLeaveAsync()
    {
        await _stream.FlushAsync(stopping);
        _ = await _stream.ReadAsync(new byte[1], stopping);
    }

    private async Task WriteAsync(string text) => await _stream.WriteAsync(Encoding.Latin1.GetBytes(text), stopping);

    /// <summary>Closes the client's connection with a TCP RST instead of a FIN.</summary>
    private void Reset()
    {
        if (_reset)
        {
            return;
        }

        _reset = true;
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private void Close()
    {
        _stream.Dispose();
        socket.Dispose();
    }

    private static string Reason(int status) => status switch
    {
        429 => "Too Many Requests",
        _ => Enum.IsDefined((HttpStatusCode)status) ? ((HttpStatusCode)status).ToString() : "Status",
    };
}
