using System.Net;
using System.Runtime.CompilerServices;

namespace OciRegistry.Client.Trust.Signatures;

/// <summary>
/// Reads and writes simple signatures in a lookaside: <c>BASE/REPOSITORY@ALGORITHM=HEX/signature-N</c> for N from 1
/// until the first missing one. Reads from <c>file://</c> and <c>http(s)://</c>; a redirect is followed only within
/// the same origin (a redirect elsewhere is refused, not followed), and every signature is capped in size. Writes to
/// <c>file://</c> only, as containers/image does.
/// </summary>
internal sealed class LookasideStore : IDisposable
{
    /// <summary>The most signatures read for one manifest; a lookaside holding more is refused.</summary>
    public const int MaxSignatures = 128;

    private const int MaxRedirects = 5;

    private readonly long _maxSize;
    private readonly HttpClient _http;

    public LookasideStore(long maxSize, TimeSpan timeout)
    {
        _maxSize = maxSize;
        // No automatic redirects: each hop's origin is checked here, so a lookaside cannot send the reader elsewhere.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout }) { Timeout = timeout };
    }

    /// <summary>Reads every signature of a manifest, in order.</summary>
    public async IAsyncEnumerable<(string Name, byte[] Content)> ReadAsync(
        Uri baseUrl, ImageReference repository, Digest manifestDigest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var index = 1; ; index++)
        {
            if (index > MaxSignatures)
            {
                throw new SignatureStoreException($"lookaside {baseUrl}: more than {MaxSignatures} signatures for {repository.Name}@{manifestDigest}");
            }

            var url = SignatureStorage.SignatureUrl(baseUrl, repository, manifestDigest, index);
            var content = url.IsFile
                ? await ReadFileAsync(url, cancellationToken).ConfigureAwait(false)
                : await ReadHttpAsync(url, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                yield break;
            }

            yield return ($"signature-{index}", content);
        }
    }

    /// <summary>Reads the <c>signature-N</c> files of a directory (a <c>dir:</c> image), in order.</summary>
    public async IAsyncEnumerable<(string Name, byte[] Content)> ReadDirectoryAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var index = 1; index <= MaxSignatures; index++)
        {
            var path = System.IO.Path.Join(directory, $"signature-{index}");
            var content = await ReadPathAsync(path, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                yield break;
            }

            yield return ($"signature-{index}", content);
        }
    }

    /// <summary>Writes the signatures of a manifest as <c>signature-1</c>…, replacing what was there.</summary>
    public static async Task WriteAsync(Uri baseUrl, ImageReference repository, Digest manifestDigest, IReadOnlyList<byte[]> signatures, CancellationToken cancellationToken)
    {
        if (!baseUrl.IsFile)
        {
            throw new SignatureStoreException($"lookaside-staging {baseUrl}: signatures can only be written to a file:// lookaside");
        }

        var first = SignatureStorage.SignatureUrl(baseUrl, repository, manifestDigest, 1);
        var directory = System.IO.Path.GetDirectoryName(first.LocalPath)!;
        await WriteDirectoryAsync(directory, signatures, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <c>signature-1</c>… into a directory, each atomically, and removes higher-numbered ones left from before.</summary>
    public static async Task WriteDirectoryAsync(string directory, IReadOnlyList<byte[]> signatures, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            for (var i = 0; i < signatures.Count; i++)
            {
                var path = System.IO.Path.Join(directory, $"signature-{i + 1}");
                var temporary = path + ".tmp";
                await File.WriteAllBytesAsync(temporary, signatures[i], cancellationToken).ConfigureAwait(false);
                File.Move(temporary, path, overwrite: true);
            }

            for (var index = signatures.Count + 1; index <= MaxSignatures; index++)
            {
                var stale = System.IO.Path.Join(directory, $"signature-{index}");
                if (!File.Exists(stale))
                {
                    break;
                }

                File.Delete(stale);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignatureStoreException($"signatures in {directory}: {e.Message}", e);
        }
    }

    public void Dispose() => _http.Dispose();

    private Task<byte[]?> ReadFileAsync(Uri url, CancellationToken cancellationToken) => ReadPathAsync(url.LocalPath, cancellationToken);

    private async Task<byte[]?> ReadPathAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > _maxSize)
            {
                throw new SignatureStoreException($"signature {path} is larger than the limit of {_maxSize} bytes");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignatureStoreException($"signature {path}: {e.Message}", e);
        }
    }

    private async Task<byte[]?> ReadHttpAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new SignatureStoreException($"lookaside {Describe(current)}: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SignatureStoreException($"lookaside {Describe(current)}: no answer within {_http.Timeout.TotalSeconds:0} s", e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!SameOrigin(url, next))
                    {
                        throw new SignatureStoreException($"lookaside {Describe(current)}: refusing a redirect to another origin ({next.GetLeftPart(UriPartial.Authority)})");
                    }

                    if (hop >= MaxRedirects)
                    {
                        throw new SignatureStoreException($"lookaside {Describe(url)}: more than {MaxRedirects} redirects");
                    }

                    current = next;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new SignatureStoreException($"lookaside {Describe(current)}: HTTP {status} {response.ReasonPhrase}");
                }

                if (response.Content.Headers.ContentLength > _maxSize)
                {
                    throw new SignatureStoreException($"lookaside {Describe(current)}: the signature is larger than the limit of {_maxSize} bytes");
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    return await ReadCappedAsync(body, current, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<byte[]> ReadCappedAsync(Stream body, Uri url, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxSize)
            {
                throw new SignatureStoreException($"lookaside {Describe(url)}: the signature is larger than the limit of {_maxSize} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    // Query strings may carry tokens; messages name the place without them.
    private static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path);
}
