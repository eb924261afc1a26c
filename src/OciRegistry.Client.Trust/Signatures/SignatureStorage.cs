namespace OciRegistry.Client.Trust.Signatures;

/// <summary>
/// Where the signatures of one image live, from the registries.d entry that applies to it: the lookaside to read
/// simple signatures from, the lookaside to write them to, and whether sigstore attachments are used.
/// </summary>
/// <param name="Lookaside">The base URL signatures are read from (<c>file://</c>, <c>http://</c>, <c>https://</c>), or <see langword="null"/>.</param>
/// <param name="LookasideStaging">The base URL signatures are written to, or <see langword="null"/> (then <paramref name="Lookaside"/> is used).</param>
/// <param name="UseSigstoreAttachments">Whether sigstore signatures are read from and written to the registry as attachments.</param>
/// <param name="Scope">The registries.d scope that applied (<c>default-docker</c> or a <c>docker:</c> key), or <see langword="null"/> when none did.</param>
internal sealed record SignatureStorage(Uri? Lookaside, Uri? LookasideStaging, bool UseSigstoreAttachments, string? Scope)
{
    /// <summary>No configuration: no lookaside, no attachments.</summary>
    public static SignatureStorage None { get; } = new(null, null, false, null);

    /// <summary>The base URL signatures are written to.</summary>
    public Uri? WriteBase => LookasideStaging ?? Lookaside;

    /// <summary>
    /// The URL of the <paramref name="index"/>-th (from 1) signature of a manifest: <c>BASE/REPOSITORY-PATH@ALGORITHM=HEX/signature-N</c>,
    /// where the repository path leaves out the registry host.
    /// </summary>
    public static Uri SignatureUrl(Uri baseUrl, ImageReference repository, Digest manifestDigest, int index)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var text = baseUrl.AbsoluteUri.TrimEnd('/');
        var path = string.Join('/', repository.Repository.Split('/').Select(Uri.EscapeDataString));
        return new Uri(FormattableString.Invariant($"{text}/{path}@{manifestDigest.Algorithm}={manifestDigest.Encoded}/signature-{index}"));
    }
}
