using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Content;
using OciRegistry.Client.Http.Transport;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Http;

/// <summary>
/// One repository of a registry, spoken to through the OCI distribution API: manifests, blobs, uploads, mounts,
/// tags and referrers. Obtain it from <see cref="OciRegistryClient.GetRepository(ImageReference)"/>; it is cheap,
/// holds no per-request state, and may be used concurrently.
/// </summary>
public sealed partial class RegistryRepository : IRepository
{
    private readonly RegistryConnection _connection;
    private readonly ILogger _logger;

    internal RegistryRepository(RegistryConnection connection, string repository, RepositoryAccess access, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        Repository = repository;
        Access = access;

        // Every request of this repository declares at least the access it was opened with, so that one token per
        // repository serves a whole copy (the blob checks and the pushes alike) instead of one per kind of request.
        var declared = new List<string> { RegistryAuthScope.Pull };
        if (access.HasFlag(RepositoryAccess.Push))
        {
            declared.Add(RegistryAuthScope.Push);
        }

        if (access.HasFlag(RepositoryAccess.Delete))
        {
            declared.Add(RegistryAuthScope.Delete);
        }

        PullScopes = [RegistryAuthScope.Repository(repository, declared)];
        PushScopes = RegistryAuthScope.Merge([.. PullScopes, RegistryAuthScope.Repository(repository, RegistryAuthScope.Pull, RegistryAuthScope.Push)]);
        DeleteScopes = RegistryAuthScope.Merge([.. PullScopes, RegistryAuthScope.Repository(repository, RegistryAuthScope.Delete)]);
    }

    /// <summary>Gets the registry, as written in image references (for example <c>docker.io</c>).</summary>
    public string Registry => _connection.Registry;

    /// <summary>Gets the repository path within the registry (for example <c>library/nginx</c>).</summary>
    public string Repository { get; }

    /// <summary>Gets the repository's full name, <c>registry/repository</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>Gets the access this repository was opened for; its requests ask the registry for a token covering it.</summary>
    public RepositoryAccess Access { get; }

    /// <summary>Gets the scopes of reads: the declared access.</summary>
    internal IReadOnlyList<RegistryAuthScope> PullScopes { get; }

    /// <summary>Gets the scopes of writes: the declared access plus pull and push.</summary>
    internal IReadOnlyList<RegistryAuthScope> PushScopes { get; }

    /// <summary>Gets the scopes of deletes: the declared access plus delete.</summary>
    internal IReadOnlyList<RegistryAuthScope> DeleteScopes { get; }

    /// <inheritdoc/>
    /// <remarks>Sends a HEAD request; when the registry leaves out the digest or media type, falls back to a GET.</remarks>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (Mirrors.Count > 0 && await FromMirrorsAsync(static (m, r, c) => m.ResolveAsync(r, c), reference, null, reference, cancellationToken).ConfigureAwait(false) is (true, { } mirrored))
        {
            return mirrored;
        }

        var expected = ParseReference(reference);
        using var request = new HttpRequestMessage(HttpMethod.Head, await ManifestUriAsync(reference, cancellationToken).ConfigureAwait(false));
        RegistryConnection.AcceptManifests(request);
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PullScopes).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.ResolveManifest, Name, reference, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            var mediaType = MediaTypes.Normalize(response.Content.Headers.ContentType?.MediaType);
            var served = ServedDigest(response);
            var size = response.Content.Headers.ContentLength;
            if (expected is not null && served is not null && served != expected)
            {
                throw new DigestMismatchException(expected, served);
            }

            var digest = expected ?? served;
            if (digest is not null && size is { } length && mediaType is not null && MediaTypes.IsManifest(mediaType))
            {
                return new Descriptor { MediaType = mediaType, Digest = digest, Size = length };
            }
        }

        // Some registries answer HEAD without a digest or a manifest type: the manifest itself settles it.
        var manifest = await FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        return manifest.Descriptor;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The body is read up to <see cref="OciRegistryClientOptions.MaxManifestSize"/>, hashed, and checked against the
    /// digest it was asked for and against <c>Docker-Content-Digest</c> when the registry sends one; its
    /// <c>mediaType</c> must agree with its <c>Content-Type</c>.
    /// </remarks>
    public async Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (Mirrors.Count > 0 && await FromMirrorsAsync(static (m, r, c) => m.FetchManifestAsync(r, c), reference, null, reference, cancellationToken).ConfigureAwait(false) is (true, { } mirrored))
        {
            return mirrored;
        }

        return await FetchManifestHereAsync(reference, cancellationToken).ConfigureAwait(false);
    }

    // Fetches from this registry itself, never a mirror: what is about to be rewritten must be read where it is written.
    private async Task<Manifest> FetchManifestHereAsync(string reference, CancellationToken cancellationToken)
    {
        var expected = ParseReference(reference);
        using var request = new HttpRequestMessage(HttpMethod.Get, await ManifestUriAsync(reference, cancellationToken).ConfigureAwait(false));
        RegistryConnection.AcceptManifests(request);
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PullScopes).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.FetchManifest, Name, reference, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            if (RegistryPullBudget.Read(Registry, response) is { } budget)
            {
                _connection.PullBudget = budget;
            }

            if (response.Content.Headers.ContentLength is { } declared && declared > _connection.Options.MaxManifestSize)
            {
                throw new InvalidManifestException(
                    $"Manifest {reference} in {Name} is {declared} bytes, more than the limit of {_connection.Options.MaxManifestSize} bytes.");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            Manifest manifest;
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    manifest = await Manifest.ReadAsync(
                        body,
                        response.Content.Headers.ContentType?.ToString(),
                        expected,
                        _connection.Options.MaxManifestSize,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // A body cut off mid-way (the connection closed before Content-Length was reached) or stalled
                    // past the idle-read timeout: name the manifest rather than surfacing a bare transport error.
                    throw new OciRegistryException(
                        e.InnerException is TimeoutException
                            ? $"Manifest {reference} in {Name} could not be read: {e.Message}"
                            : $"Manifest {reference} in {Name} could not be read: the registry's answer ended early ({e.Message}).",
                        new RegistryErrorDetails(RegistryOperation.FetchManifest, Name, response.StatusCode),
                        e);
                }
            }

            if (ServedDigest(response) is { } served)
            {
                var actual = served.Algorithm == manifest.Digest.Algorithm
                    ? manifest.Digest
                    : Digest.Compute(manifest.Content.Span, served.Algorithm);
                if (actual != served)
                {
                    throw new DigestMismatchException(served, actual, null, manifest.Size);
                }
            }

            return manifest;
        }
    }

    /// <summary>
    /// Stores a manifest's exact bytes under a tag, or by its digest when <paramref name="tag"/> is
    /// <see langword="null"/>. Every blob and child manifest it references must already be in the repository.
    /// </summary>
    /// <param name="manifest">The manifest to store.</param>
    /// <param name="tag">The tag, or <see langword="null"/> to store by digest.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored manifest's descriptor.</returns>
    /// <exception cref="InvalidReferenceException">The tag is not valid.</exception>
    /// <exception cref="OciRegistryException">The registry refused it, for example for a missing blob (<c>MANIFEST_BLOB_UNKNOWN</c>).</exception>
    /// <remarks>
    /// A manifest with a <c>subject</c> pushed to a registry that does not answer with <c>OCI-Subject</c> (one without
    /// the referrers API) is also added to the referrers tag schema's index of its subject, keeping every entry
    /// already there; see <see cref="ListReferrersAsync(Digest, string?, CancellationToken)"/>.
    /// </remarks>
    public async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind == ManifestKind.Schema1)
        {
            throw new OciRegistryException($"Manifest {manifest.Digest} is a Docker schema 1 manifest, which can be read but not written.");
        }

        if (tag is not null && !ImageReference.IsValidTag(tag))
        {
            throw new InvalidReferenceException(tag, "it is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
        }

        var reference = tag ?? manifest.Digest.ToString();
        using var activity = Diagnostics.RegistryTelemetry.StartManifestPush(Registry, Repository, manifest, tag);
        using var request = new HttpRequestMessage(HttpMethod.Put, await ManifestUriAsync(reference, cancellationToken).ConfigureAwait(false))
        {
            Content = new ReadOnlyMemoryContent(manifest.Content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PushScopes).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.PushManifest, Name, reference, cancellationToken).ConfigureAwait(false);
        }

        bool referrersMaintained;
        using (response)
        {
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && values.FirstOrDefault() is { } reported
                && !string.Equals(reported, manifest.Digest.ToString(), StringComparison.Ordinal))
            {
                RegistryLog.ManifestDigestDiffers(_logger, Registry, manifest.Digest, reported);
            }

            referrersMaintained = response.Headers.Contains("OCI-Subject");
        }

        if (SubjectOf(manifest) is { } subject && !referrersMaintained)
        {
            await AddToReferrersTagAsync(manifest, subject, cancellationToken).ConfigureAwait(false);
        }

        return manifest.Descriptor;
    }

    /// <inheritdoc/>
    public async Task DeleteManifestAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await DeleteAsync($"manifests/{digest}", RegistryOperation.DeleteManifest, digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes one tag and leaves its manifest (<c>DELETE /v2/NAME/manifests/TAG</c>, distribution-spec 1.1). Registries
    /// that delete manifests only by digest (CNCF Distribution 2.x answers <c>DIGEST_INVALID</c>, others
    /// <c>UNSUPPORTED</c> or 405) refuse it with an <see cref="OciRegistryException"/>.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the registry accepted the deletion.</returns>
    /// <exception cref="InvalidReferenceException">The tag is not valid.</exception>
    /// <exception cref="OciRegistryException">The registry refused the deletion.</exception>
    public async Task DeleteTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        if (!ImageReference.IsValidTag(tag))
        {
            throw new InvalidReferenceException(tag, "not a valid tag");
        }

        await DeleteAsync($"manifests/{tag}", RegistryOperation.DeleteManifest, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeleteBlobAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await DeleteAsync($"blobs/{digest}", RegistryOperation.DeleteBlob, digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>A HEAD request; a blob whose reported size differs from the descriptor's counts as absent.</remarks>
    public async Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (Mirrors.Count > 0 && (await FromMirrorsAsync(static (m, b, c) => m.BlobExistsAsync(b, c), blob, static found => found, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false)).Found)
        {
            return true;
        }

        using var request = new HttpRequestMessage(HttpMethod.Head, await RepositoryUriAsync($"blobs/{blob.Digest}", cancellationToken).ConfigureAwait(false));
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PullScopes).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return false;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.BlobExists, Name, blob.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return response.Content.Headers.ContentLength is not { } length || length == blob.Size;
        }
    }

    /// <summary>Returns <c>https://host/v2/&lt;repository&gt;/&lt;suffix&gt;</c>; the suffix must already be escaped.</summary>
    internal Task<Uri> RepositoryUriAsync(string suffix, CancellationToken cancellationToken) =>
        _connection.ResolveAsync($"v2/{Repository}/{suffix}", cancellationToken);

    // Only validated tags ([\w][\w.-]*) and digests ([a-z0-9+._-]+:[a-zA-Z0-9=_-]+) get here: every character is
    // legal in a path segment, and ':' stays literal as registries expect.
    private Task<Uri> ManifestUriAsync(string reference, CancellationToken cancellationToken) =>
        RepositoryUriAsync($"manifests/{reference}", cancellationToken);

    // A reference is a tag or a digest; returns the digest when it is one.
    private static Digest? ParseReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            return Digest.Parse(reference);
        }

        return ImageReference.IsValidTag(reference)
            ? null
            : throw new InvalidReferenceException(reference, "it is neither a valid tag nor a digest");
    }

    private static Digest? ServedDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var digest)
            ? digest
            : null;

    private async Task DeleteAsync(string suffix, RegistryOperation operation, string subject, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, await RepositoryUriAsync(suffix, cancellationToken).ConfigureAwait(false));
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, DeleteScopes).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw await RegistryConnection.FailAsync(response, operation, Name, subject, cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
    }
}
