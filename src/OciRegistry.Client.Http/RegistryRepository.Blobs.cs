using System.Net;
using System.Net.Http.Headers;
using OciRegistry.Client.Content;
using OciRegistry.Client.Http.Transport;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Http;

public partial class RegistryRepository : IBlobFetcher
{
    private const int MaxRedirects = 5;

    /// <inheritdoc/>
    /// <remarks>
    /// Redirects (301, 302, 303, 307, 308) to blob storage are followed here: relative <c>Location</c>s are resolved,
    /// and a request that leaves the registry's origin, or goes from https to http, is sent without any registry
    /// credentials. With an <paramref name="offset"/>, a <c>Range</c> request resumes the blob; a registry that
    /// ignores the range and sends the whole blob has the first bytes skipped; an offset at the end of the blob gives an
    /// empty stream without a request. The returned bytes are not verified:
    /// the reader hashes them as they stream.
    /// </remarks>
    public virtual async Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var sizeKnown = blob.Size >= 0;
        if (!sizeKnown && offset > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The blob {blob.Digest} has an unknown size, so it can only be read from its start.");
        }

        if (sizeKnown && offset > blob.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset is past the end of the {blob.Size}-byte blob {blob.Digest}.");
        }

        if (Mirrors.Count > 0 && await FromMirrorsAsync(static (m, s, c) => m.FetchBlobAsync(s.Blob, s.Offset, c), (Blob: blob, Offset: offset), null, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false) is (true, { } mirrored))
        {
            return mirrored;
        }

        if (offset == blob.Size && offset > 0)
        {
            // Nothing is left to resume, and registries answer "Range: bytes=SIZE-" with 416.
            return new BlobContent(Stream.Null, blob.Size, offset);
        }

        var registryUri = await RepositoryUriAsync($"blobs/{blob.Digest}", cancellationToken).ConfigureAwait(false);
        var response = await SendFollowingRedirectsAsync(registryUri, offset, blob.Digest, cancellationToken).ConfigureAwait(false);
        try
        {
            var start = 0L;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                start = response.Content.Headers.ContentRange?.From
                    ?? throw new OciRegistryException($"Registry {Registry} answered a range request for blob {blob.Digest} with 206 but no Content-Range.");
                if (start != offset)
                {
                    throw new OciRegistryException($"Registry {Registry} answered a request for blob {blob.Digest} from byte {offset} with bytes from {start}.");
                }
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await RegistryConnection.FailAsync(response, RegistryOperation.FetchBlob, Name, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            }

            if (sizeKnown && response.Content.Headers.ContentLength is { } length && length != blob.Size - start)
            {
                throw new DigestMismatchException(
                    $"Registry {Registry} sends blob {blob.Digest} from byte {start} as {length} bytes, but the blob is {blob.Size} bytes long.");
            }

            var size = sizeKnown
                ? blob.Size
                : response.Content.Headers.ContentLength
                    ?? throw new OciRegistryException($"Registry {Registry} sends blob {blob.Digest}, whose size the manifest does not give, without a Content-Length.");

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (start < offset)
            {
                await SkipAsync(stream, offset, cancellationToken).ConfigureAwait(false);
            }

            return new BlobContent(new ResponseStream(stream, response), size, offset);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri registryUri, long offset, Digest digest, CancellationToken cancellationToken)
    {
        var uri = registryUri;
        var credentialsAllowed = true;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            HttpResponseMessage response;
            if (credentialsAllowed)
            {
                response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PullScopes).ConfigureAwait(false);
            }
            else
            {
                request.Headers.TryAddWithoutValidation("User-Agent", _connection.Options.UserAgent);
                using var storage = _connection.CreateStorageClient();
                response = await storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }

            if (!IsRedirect(response.StatusCode))
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new OciRegistryException($"Registry {Registry} redirected the request for blob {digest} without a Location.");
            }

            if (hop == MaxRedirects)
            {
                throw new OciRegistryException($"Registry {Registry} redirected the request for blob {digest} more than {MaxRedirects} times.");
            }

            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);

            // Credentials stay with the registry's own origin; never sent elsewhere, nor downgraded to plain http.
            credentialsAllowed = credentialsAllowed && SameOrigin(registryUri, next);
            RegistryLog.Redirected(_logger, digest, next.Authority, credentialsAllowed ? "kept" : "dropped");
            uri = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The blob ended before the resume offset.");
                }

                count -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
