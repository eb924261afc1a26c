using System.Globalization;
using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Uploads;

/// <summary>Reads the headers of upload responses: <c>Location</c>, <c>Range</c> and <c>OCI-Chunk-Min-Length</c>.</summary>
internal static class UploadLocation
{
    /// <summary>Returns the response's <c>Location</c>, resolved against the request's URI; <see langword="null"/> when absent.</summary>
    public static Uri? Resolve(HttpResponseMessage response, Uri requestUri)
    {
        var location = response.Headers.Location;
        if (location is null)
        {
            return null;
        }

        return location.IsAbsoluteUri ? location : new Uri(requestUri, location);
    }

    /// <summary>Whether two URIs share an origin: scheme, host and port (an implicit port is the scheme's default).</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>
    /// Appends <c>name=value</c> (the value escaped) to a URI's query, with <c>&amp;</c> when it already has one, as
    /// upload <c>Location</c>s often do (<c>?_state=…</c>).
    /// </summary>
    public static Uri WithQuery(Uri uri, string name, string value)
    {
        var left = uri.GetLeftPart(UriPartial.Query);
        var separator = uri.Query.Length switch
        {
            0 => "?",
            1 => string.Empty,
            _ => left.EndsWith('&') ? string.Empty : "&",
        };
        return new Uri(left + separator + name + "=" + Uri.EscapeDataString(value));
    }

    /// <summary>
    /// Reads the registry's <c>Range</c> header, <c>0-N</c> or <c>bytes=0-N</c> (N inclusive), as the number of bytes
    /// it holds: N + 1. Distribution also answers <c>0-0</c> for an empty upload, so <c>0-0</c> counts as one byte
    /// only when the client has sent bytes; <see langword="null"/> when the header is absent or malformed.
    /// </summary>
    public static long? ReadOffset(HttpResponseMessage response, long sent)
    {
        if (!response.Headers.TryGetValues("Range", out var values))
        {
            return null;
        }

        var value = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            value = value["bytes=".Length..];
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || start != 0
            || end < start)
        {
            return null;
        }

        return end == 0 && sent <= 0 ? 0 : end + 1;
    }

    /// <summary>Returns the registry's <c>OCI-Chunk-Min-Length</c>, when it sends a positive one.</summary>
    public static long? ReadChunkMinLength(HttpResponseHeaders headers) =>
        headers.TryGetValues("OCI-Chunk-Min-Length", out var values)
        && long.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var min)
        && min > 0
            ? min
            : null;
}
