using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using OciRegistry.Client.Http.Paging;
using OciRegistry.Client.Http.Transport;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Http;

public partial class RegistryRepository : IReferrerLister
{
    /// <summary>
    /// Lists the manifests whose <c>subject</c> is <paramref name="subject"/> (signatures, SBOMs, attestations), through
    /// the referrers API (<c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>) or, on registries without it, the
    /// referrers tag schema.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The API's answer is an image index; its pages are followed through <c>Link: &lt;…&gt;; rel="next"</c> headers
    /// (a link already followed, or more than 10,000 pages, stops with an <see cref="OciRegistryException"/>). With an
    /// <paramref name="artifactType"/>, the registry is asked to filter; when its answer does not carry
    /// <c>OCI-Filters-Applied: artifactType</c>, the descriptors are filtered here.
    /// </para>
    /// <para>
    /// When the API answers 404 (registries before distribution-spec 1.1, such as Distribution 2.8), the index tagged
    /// <c>&lt;alg&gt;-&lt;encoded&gt;</c> (for example <c>sha256-0123…</c>, truncated as the specification says) is read
    /// instead and its manifests are filtered here. No such tag, or a tag holding something other than a valid index,
    /// means no referrers. A 404 carrying <c>NAME_UNKNOWN</c> is a missing repository, not a missing API.
    /// </para>
    /// </remarks>
    /// <param name="subject">The digest of the manifest the referrers point at.</param>
    /// <param name="artifactType">Only referrers of this artifact type; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The referrers' descriptors (media type, digest, size, artifact type and annotations).</returns>
    /// <exception cref="ArgumentException"><paramref name="artifactType"/> is empty.</exception>
    /// <exception cref="RepositoryNotFoundException">The repository does not exist.</exception>
    /// <exception cref="OciRegistryException">The registry refused the listing or answered something unreadable.</exception>
    public virtual IAsyncEnumerable<Descriptor> ListReferrersAsync(Digest subject, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (artifactType is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(artifactType);
        }

        return ListReferrersCoreAsync(subject, artifactType, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The referrers with a subject come from <see cref="ListReferrersAsync(Digest, string?, CancellationToken)"/>
    /// (the registry filters when one artifact type is asked for); cosign's attachments are looked up with a HEAD
    /// request per tag (<c>sha256-HEX.sig</c>, <c>.att</c>, <c>.sbom</c>), and given cosign's artifact type
    /// (<see cref="ReferrerTags.CosignArtifactType"/>) for the filter, as their manifests carry none.
    /// </remarks>
    IAsyncEnumerable<Referrer> IReferrerLister.ListReferrersAsync(Digest subject, ReferrerFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(filter);
        return ListAllReferrersAsync(subject, filter, cancellationToken);
    }

    private async IAsyncEnumerable<Referrer> ListAllReferrersAsync(Digest subject, ReferrerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var asked = filter.ArtifactTypes.Count == 1 ? filter.ArtifactTypes[0] : null;
        await foreach (var descriptor in ListReferrersCoreAsync(subject, asked, cancellationToken).ConfigureAwait(false))
        {
            if (filter.Accepts(descriptor.ArtifactType))
            {
                yield return new Referrer(descriptor, ReferrerKind.Subject);
            }
        }

        if (!filter.CosignTags)
        {
            yield break;
        }

        foreach (var suffix in ReferrerTags.CosignSuffixes)
        {
            var artifactType = ReferrerTags.CosignArtifactType(suffix);
            if (!filter.Accepts(artifactType))
            {
                continue;
            }

            var tag = ReferrerTags.ForCosign(subject, suffix);
            Descriptor found;
            try
            {
                found = await ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
            }
            catch (ManifestNotFoundException)
            {
                continue;
            }

            yield return new Referrer(found with { ArtifactType = found.ArtifactType ?? artifactType }, ReferrerKind.CosignTag, tag);
        }
    }

    private static List<Descriptor> Filter(IReadOnlyList<Descriptor> descriptors, string? artifactType) =>
        artifactType is null
            ? [.. descriptors]
            : [.. descriptors.Where(d => string.Equals(d.ArtifactType, artifactType, StringComparison.Ordinal))];

    private static bool FilterApplied(HttpResponseMessage response, string filter) =>
        response.Headers.TryGetValues("OCI-Filters-Applied", out var values)
        && values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(v => string.Equals(v, filter, StringComparison.OrdinalIgnoreCase));

    private async IAsyncEnumerable<Descriptor> ListReferrersCoreAsync(
        Digest subject, string? artifactType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType);
        var first = await RepositoryUriAsync($"referrers/{subject}{query}", cancellationToken).ConfigureAwait(false);
        var baseAddress = await _connection.GetBaseAddressAsync(cancellationToken).ConfigureAwait(false);
        var cursor = new PageCursor(first, baseAddress, Registry, $"the referrers of {subject} in {Name}", _logger);
        while (cursor.Next is { } uri)
        {
            var page = await ReadReferrersPageAsync(uri, cursor, subject, artifactType, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                // No referrers API: the tag schema holds the whole list in one index.
                foreach (var descriptor in await ReadReferrersTagAsync(subject, artifactType, cancellationToken).ConfigureAwait(false))
                {
                    yield return descriptor;
                }

                yield break;
            }

            foreach (var descriptor in page)
            {
                yield return descriptor;
            }
        }
    }

    // Returns null when the registry has no referrers API: a 404 on the first page without NAME_UNKNOWN.
    private async Task<List<Descriptor>?> ReadReferrersPageAsync(
        Uri uri, PageCursor cursor, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciIndex));
        var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, PullScopes).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && cursor.Pages == 0)
        {
            var error = await RegistryConnection.FailAsync(response, RegistryOperation.ListReferrers, Name, subject.ToString(), cancellationToken).ConfigureAwait(false);
            if (error is OciRegistryException { ErrorCode: { } code } && code.Equals(RegistryErrorCode.NameUnknown))
            {
                throw error;
            }

            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryConnection.FailAsync(response, RegistryOperation.ListReferrers, Name, subject.ToString(), cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            Manifest index;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    index = await Manifest.ReadAsync(
                        body, response.Content.Headers.ContentType?.ToString(), null, _connection.Options.MaxManifestSize, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidManifestException e)
                {
                    throw new OciRegistryException($"Registry {Registry} answered the referrers request for {subject} in {Name} with an invalid image index: {e.Message}", e);
                }
            }

            if (index.Kind != ManifestKind.Index)
            {
                throw new OciRegistryException(
                    $"Registry {Registry} answered the referrers request for {subject} in {Name} with {index.MediaType}, not an image index.");
            }

            cursor.Advance(response, uri);
            if (artifactType is not null && !FilterApplied(response, "artifactType"))
            {
                RegistryLog.ReferrersFilteredHere(_logger, Registry, subject);
                return Filter(index.Index!.Manifests, artifactType);
            }

            return [.. index.Index!.Manifests];
        }
    }

    private async Task<List<Descriptor>> ReadReferrersTagAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var tag = ReferrerTags.ForSubject(subject);
        RegistryLog.ReferrersApiUnavailable(_logger, Registry, Name, tag);
        Manifest manifest;
        try
        {
            manifest = await FetchManifestAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestNotFoundException)
        {
            return [];
        }
        catch (InvalidManifestException e)
        {
            // Too many referrers for one index is not "no referrers": a copy must not silently leave them behind.
            if (await SizeOfAsync(tag, cancellationToken).ConfigureAwait(false) is { } size && size > _connection.Options.MaxManifestSize)
            {
                throw new ReferrerGraphException(
                    $"The referrers tag {tag} of {subject} in {Name} is an index of {size} bytes, more than the {_connection.Options.MaxManifestSize} bytes a manifest may have: " +
                    "more referrers than are read. Delete the ones no longer needed, or raise the client's MaxManifestSize.", e);
            }

            RegistryLog.ReferrersTagInvalid(_logger, tag, Name, e);
            return [];
        }

        if (manifest.Kind != ManifestKind.Index)
        {
            RegistryLog.ReferrersTagNotIndex(_logger, tag, Name, manifest.MediaType);
            return [];
        }

        return Filter(manifest.Index!.Manifests, artifactType);
    }

    // The size a registry gives for a tag it could not serve as a manifest; unknown when it answers HEAD with nothing.
    private async Task<long?> SizeOfAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            return (await ResolveAsync(tag, cancellationToken).ConfigureAwait(false)).Size;
        }
        catch (ManifestNotFoundException)
        {
            return null;
        }
    }
}
