using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http.Uploads;

/// <summary>
/// One open upload session of the distribution API: its current <c>Location</c> (which the registry may change with
/// every answer, and which must then be used, since some encode the offset in it) and the requests made within it.
/// Not thread-safe: one upload is driven by one caller.
/// </summary>
/// <remarks>
/// Credentials stay with the registry's origin (scheme, host and port of the request that opened the session). Once
/// a <c>Location</c> names another origin, every later request of the session, wherever it goes, is sent through the
/// storage client, which has no authentication handler: nothing the registry's credentials or tokens could answer a
/// challenge with is reachable from there, and a 401 or 403 from that origin fails the upload with
/// <see cref="RegistryAuthenticationException"/>.
/// </remarks>
internal sealed class BlobUpload
{
    private readonly RegistryConnection _connection;
    private readonly IReadOnlyList<RegistryAuthScope> _scopes;
    private readonly ILogger _logger;
    private readonly string _repositoryName;
    private readonly string _subject;
    private readonly Uri _registryOrigin;
    private Uri _location;

    public BlobUpload(
        RegistryConnection connection, IReadOnlyList<RegistryAuthScope> scopes, ILogger logger, string repositoryName, string subject, Uri registryUri, Uri location, long? chunkMinLength)
    {
        _connection = connection;
        _scopes = scopes;
        _logger = logger;
        _repositoryName = repositoryName;
        _subject = subject;
        _registryOrigin = registryUri;
        _location = location;
        LeftRegistryOrigin = !UploadLocation.SameOrigin(location, registryUri);
        if (LeftRegistryOrigin)
        {
            RegistryLog.UploadMovedToAnotherOrigin(_logger, _subject, _repositoryName, location.Authority);
        }

        ChunkMinLength = chunkMinLength;
    }

    /// <summary>Gets the URI of the session, as the registry last gave it.</summary>
    public Uri Location
    {
        get => _location;
        private set
        {
            _location = value;
            if (!LeftRegistryOrigin && !UploadLocation.SameOrigin(value, _registryOrigin))
            {
                LeftRegistryOrigin = true;
                RegistryLog.UploadMovedToAnotherOrigin(_logger, _subject, _repositoryName, value.Authority);
            }
        }
    }

    /// <summary>
    /// Gets whether a <c>Location</c> of this session has named an origin other than the registry's: from then on the
    /// session's requests carry no credentials, even if a later <c>Location</c> points back.
    /// </summary>
    public bool LeftRegistryOrigin { get; private set; }

    /// <summary>Gets the smallest chunk the registry accepts (<c>OCI-Chunk-Min-Length</c>), when it says.</summary>
    public long? ChunkMinLength { get; private set; }

    /// <summary>
    /// Opens a session from a POST's 202 answer, or throws when the answer has no <c>Location</c>.
    /// Does not dispose the response.
    /// </summary>
    public static BlobUpload FromAccepted(
        HttpResponseMessage response, Uri requestUri, RegistryConnection connection, IReadOnlyList<RegistryAuthScope> scopes, ILogger logger, string repositoryName, string subject, RegistryOperation operation)
    {
        var location = UploadLocation.Resolve(response, requestUri)
            ?? throw new OciRegistryException(
                $"{(operation == RegistryOperation.MountBlob ? "Mounting" : "Uploading")} blob {subject} in {repositoryName}: the registry opened an upload session without a Location.");
        return new BlobUpload(connection, scopes, logger, repositoryName, subject, requestUri, location, UploadLocation.ReadChunkMinLength(response.Headers));
    }

    /// <summary>Sends the whole body in one PATCH and returns once the registry accepted it.</summary>
    public async Task PatchAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Location) { Content = content };
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created))
        {
            throw await FailAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            Update(response, request.RequestUri!);
        }
    }

    /// <summary>
    /// Sends bytes that start at <paramref name="start"/> with a <c>Content-Range</c>, and returns how many bytes the
    /// registry holds afterwards: from its <c>Range</c> answer, or through a status request when it answers 416.
    /// </summary>
    public async Task<long> PatchChunkAsync(ReadOnlyMemory<byte> bytes, long start, CancellationToken cancellationToken)
    {
        var end = start + bytes.Length - 1;
        using var content = new ChunkContent(bytes);
        content.Headers.TryAddWithoutValidation(
            "Content-Range", string.Create(CultureInfo.InvariantCulture, $"{start}-{end}"));
        using var request = new HttpRequestMessage(HttpMethod.Patch, Location) { Content = content };
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            response.Dispose();
            var offset = await GetOffsetAsync(end + 1, cancellationToken).ConfigureAwait(false);
            RegistryLog.ChunkRangeRefused(_logger, _subject, _repositoryName, start, offset);
            return offset;
        }

        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.Created))
        {
            throw await FailAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            Update(response, request.RequestUri!);

            // Without a Range the registry took what it did not refuse.
            return UploadLocation.ReadOffset(response, end + 1) ?? end + 1;
        }
    }

    /// <summary>Asks the registry how many bytes of the session it holds (<c>GET</c> on the session: 204 with <c>Range</c>).</summary>
    /// <param name="sent">How many bytes the client may have sent, to read an ambiguous <c>0-0</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<long> GetOffsetAsync(long sent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Location);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
        {
            throw await FailAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            Update(response, request.RequestUri!);
            return UploadLocation.ReadOffset(response, sent)
                ?? throw new OciRegistryException(
                    $"Uploading blob {_subject} to {_repositoryName}: the registry's upload status has no readable Range header, so the upload cannot resume.");
        }
    }

    /// <summary>Completes the session with <c>PUT ?digest=</c>, with the rest of the body or none.</summary>
    public async Task CommitAsync(Digest digest, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, UploadLocation.WithQuery(Location, "digest", digest.ToString())) { Content = content };
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw await FailAsync(response, cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
    }

    /// <summary>
    /// Cancels the session (<c>DELETE</c>), best effort: a failure is logged, never thrown, so that it does not hide
    /// the error that made the upload stop. Runs even when the caller's token is cancelled, bounded by the request timeout.
    /// </summary>
    public async Task CancelAsync()
    {
        using var timeout = new CancellationTokenSource(_connection.Options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, Location);
            using var response = await SendAsync(request, timeout.Token).ConfigureAwait(false);
            RegistryLog.UploadCancelled(_logger, _subject, _repositoryName, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or OciRegistryException)
        {
            RegistryLog.UploadCancelFailed(_logger, _subject, _repositoryName, e);
        }
    }

    private void Update(HttpResponseMessage response, Uri requestUri)
    {
        if (UploadLocation.Resolve(response, requestUri) is { } location)
        {
            Location = location;
        }

        if (UploadLocation.ReadChunkMinLength(response.Headers) is { } min)
        {
            ChunkMinLength = min;
        }
    }

    // Within the registry's origin the registry's pipeline authenticates; elsewhere the storage client sends the
    // request as it is, with no credentials and no one to answer a challenge.
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!LeftRegistryOrigin)
        {
            return await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, _scopes).ConfigureAwait(false);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", _connection.Options.UserAgent);
        using var storage = _connection.CreateStorageClient();
        return await storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Exception> FailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (LeftRegistryOrigin && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = response.StatusCode;
            var origin = response.RequestMessage?.RequestUri?.Authority ?? Location.Authority;
            response.Dispose();
            return new RegistryAuthenticationException(
                $"Uploading blob {_subject} to {_repositoryName}: registry {_connection.Registry} moved the upload to another origin ({origin}), "
                + $"which answered {(int)status} and asks for credentials. The credentials of {_connection.Registry} are sent only to its own origin, so the upload cannot be completed there.",
                new RegistryErrorDetails(RegistryOperation.PushBlob, _repositoryName, status));
        }

        var error = await RegistryConnection.FailAsync(response, RegistryOperation.PushBlob, _repositoryName, _subject, cancellationToken).ConfigureAwait(false);
        return AsDigestMismatch(error, _subject, _repositoryName);
    }

    /// <summary>Turns the registry's own <c>DIGEST_INVALID</c> (or <c>SIZE_INVALID</c>) into a <see cref="DigestMismatchException"/>.</summary>
    public static Exception AsDigestMismatch(Exception error, string subject, string repositoryName) =>
        error is OciRegistryException { ErrorCode: { } code } registryError
            && (code == RegistryErrorCode.DigestInvalid || code == RegistryErrorCode.SizeInvalid)
            ? new DigestMismatchException(
                $"Registry refused blob {subject} in {repositoryName}: the bytes uploaded do not match its digest or size ({registryError.Message}).",
                registryError)
            : error;
}
