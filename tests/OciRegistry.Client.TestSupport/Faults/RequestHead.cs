namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>The request line and headers of one HTTP/1.1 request, and how its body is framed.</summary>
internal sealed class RequestHead
{
    private const int MaxHeaders = 200;

    private RequestHead(string method, string target, string version, List<KeyValuePair<string, string>> headers)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;
    }

    public string Method { get; }

    /// <summary>The origin-form target: path and query as sent.</summary>
    public string Target { get; }

    public string Version { get; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public string Path => Target.Split('?', 2)[0];

    public bool Chunked => Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public long? ContentLength => Chunked ? null : Header("Content-Length") is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool HasBody => Chunked || ContentLength is not null;

    public bool KeepAlive =>
        string.Equals(Version, "HTTP/1.1", StringComparison.Ordinal)
        && Header("Connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) != true;

    public bool ExpectsContinue => Header("Expect")?.Contains("100-continue", StringComparison.OrdinalIgnoreCase) == true;

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads the next request's head; null when the client closed the connection or does not speak HTTP (e.g. a TLS hello).</summary>
    public static async Task<RequestHead?> ReadAsync(ClientReader reader, CancellationToken cancellationToken)
    {
        var first = await reader.PeekAsync(cancellationToken);
        if (first is < 'A' or > 'Z')
        {
            return null;
        }

        var requestLine = await reader.ReadLineAsync(cancellationToken);
        var parts = requestLine?.Split(' ');
        if (parts is not { Length: 3 } || !parts[1].StartsWith('/'))
        {
            throw new InvalidDataException("Not an HTTP/1.1 request line in origin form.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The client closed the connection inside a request head.");
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || headers.Count == MaxHeaders)
            {
                throw new InvalidDataException("A malformed header line, or too many headers.");
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new RequestHead(parts[0], parts[1], parts[2], headers);
    }
}
