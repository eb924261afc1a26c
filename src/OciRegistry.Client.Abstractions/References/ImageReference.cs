using System.Diagnostics.CodeAnalysis;

namespace OciRegistry.Client;

/// <summary>
/// A reference to an image in a registry, as the distribution reference grammar defines it:
/// <c>[registry/]repository[:tag][@digest]</c>, normalised the way Docker normalises names, so that <c>nginx</c>,
/// <c>library/nginx</c>, <c>docker.io/nginx</c> and <c>index.docker.io/library/nginx</c> are all
/// <c>docker.io/library/nginx</c>.
/// </summary>
/// <remarks>
/// <para>
/// The text before the first <c>/</c> is taken as the registry only when it contains <c>.</c> or <c>:</c>, is
/// <c>localhost</c>, or contains an uppercase letter; otherwise the whole name is a Docker Hub repository. A
/// one-component Docker Hub name gets the <c>library/</c> namespace of official images.
/// </para>
/// <para>
/// Transport prefixes such as <c>docker://</c> or <c>oci:</c> are not part of a reference and are rejected: choose the
/// transport first, then parse what follows it. The repository name is limited to 255 characters, not counting the
/// registry (as distribution does since 2024). A digest must be <c>sha256</c> or <c>sha512</c>, the algorithms that can
/// be verified here.
/// </para>
/// </remarks>
public sealed class ImageReference : IEquatable<ImageReference>, IParsable<ImageReference>
{
    /// <summary>The registry name Docker Hub references are normalised to.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The host that actually serves the registry API for <see cref="DockerHubRegistry"/>.</summary>
    public const string DockerHubApiEndpoint = "registry-1.docker.io";

    /// <summary>The tag Docker and the containers tools assume when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private readonly string _canonical;

    internal ImageReference(string registry, string repository, string? tag, Digest? digest, string canonical)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        _canonical = canonical;
    }

    /// <summary>
    /// Gets the registry, normalised, with its port if it has one: for example <c>docker.io</c>, <c>ghcr.io</c>,
    /// <c>localhost:5000</c> or <c>[::1]:5000</c>.
    /// </summary>
    public string Registry { get; }

    /// <summary>
    /// Gets the repository path inside the registry, for example <c>library/nginx</c>; this is the <c>&lt;name&gt;</c> of
    /// the distribution API's <c>/v2/&lt;name&gt;/…</c> URLs.
    /// </summary>
    public string Repository { get; }

    /// <summary>Gets the tag, or <see langword="null"/> when the reference has none.</summary>
    public string? Tag { get; }

    /// <summary>Gets the digest, or <see langword="null"/> when the reference has none.</summary>
    public Digest? Digest { get; }

    /// <summary>Gets the registry and repository without tag or digest, for example <c>docker.io/library/nginx</c>.</summary>
    public string Name => _canonical[..NameLength];

    /// <summary>
    /// Gets the host (and port) to send registry API requests to: <see cref="DockerHubApiEndpoint"/> for Docker Hub,
    /// otherwise <see cref="Registry"/> itself.
    /// </summary>
    public string ApiEndpoint => IsDockerHub ? DockerHubApiEndpoint : Registry;

    private bool IsDockerHub => string.Equals(Registry, DockerHubRegistry, StringComparison.Ordinal);

    private int NameLength => Registry.Length + 1 + Repository.Length;

    /// <summary>Parses an image reference, normalising Docker Hub names.</summary>
    /// <param name="s">The reference, for example <c>nginx:1.27</c> or <c>ghcr.io/org/app@sha256:…</c>.</param>
    /// <returns>The parsed reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidReferenceException">
    /// The string is not a valid reference; <see cref="InvalidReferenceException.Reason"/> says what is wrong and
    /// <see cref="InvalidReferenceException.Position"/> where.
    /// </exception>
    public static ImageReference Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = ImageReferenceParser.TryParse(s, out var result);
        return error.IsError
            ? throw new InvalidReferenceException(s, error.Describe(s), error.Position)
            : result!;
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The reference string.</param>
    /// <param name="provider">Ignored: references have one culture-invariant form.</param>
    public static ImageReference Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses an image reference without throwing.</summary>
    /// <param name="s">The candidate reference.</param>
    /// <param name="result">The reference when the string is valid, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [MaybeNullWhen(false)] out ImageReference result)
    {
        if (s is not null && !ImageReferenceParser.TryParse(s, out var parsed).IsError)
        {
            result = parsed!;
            return true;
        }

        result = null;
        return false;
    }

    /// <inheritdoc cref="TryParse(string?, out ImageReference)"/>
    /// <param name="s">The candidate reference.</param>
    /// <param name="provider">Ignored: references have one culture-invariant form.</param>
    /// <param name="result">The reference when the string is valid, otherwise <see langword="null"/>.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out ImageReference result) =>
        TryParse(s, out result);

    /// <summary>Returns the same reference with a different tag; a digest, if any, is kept.</summary>
    /// <param name="tag">The tag, matching <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</param>
    /// <returns>The reference with <paramref name="tag"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is not a valid tag.</exception>
    public ImageReference WithTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var error = ImageReferenceParser.ValidateTag(tag);
        if (error.IsError)
        {
            throw new ArgumentException($"\"{tag}\" is not a valid tag: {error.Describe(tag)} (at position {error.Position}).", nameof(tag));
        }

        return string.Equals(tag, Tag, StringComparison.Ordinal) ? this : Create(tag, Digest);
    }

    /// <summary>Tells whether a string is a valid tag: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</summary>
    /// <param name="tag">The candidate tag.</param>
    /// <returns><see langword="true"/> when <paramref name="tag"/> is a valid tag.</returns>
    public static bool IsValidTag([NotNullWhen(true)] string? tag) => tag is not null && !ImageReferenceParser.ValidateTag(tag).IsError;

    /// <summary>Returns the same reference pinned to a digest; a tag, if any, is kept.</summary>
    /// <param name="digest">A <c>sha256</c> or <c>sha512</c> digest.</param>
    /// <returns>The reference with <paramref name="digest"/>.</returns>
    /// <exception cref="ArgumentException">The digest's algorithm cannot be verified here.</exception>
    public ImageReference WithDigest(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!digest.IsVerifiable)
        {
            throw new ArgumentException(
                $"The digest algorithm \"{digest.Algorithm}\" is not supported in a reference; use sha256 or sha512.", nameof(digest));
        }

        return digest.Equals(Digest) ? this : Create(Tag, digest);
    }

    /// <summary>
    /// Returns the reference with the tag <see cref="DefaultTag"/> when it has neither a tag nor a digest, as
    /// <c>docker pull</c> and the <c>docker://</c> transport of containers/image do; otherwise returns this reference.
    /// </summary>
    /// <returns>A reference that has a tag, a digest, or both.</returns>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? Create(DefaultTag, null) : this;

    /// <summary>
    /// Returns the short form Docker shows users: without <c>docker.io/</c>, and without <c>library/</c> for official
    /// images, for example <c>nginx:latest</c> or <c>bitnami/redis</c>. Other registries keep their full form.
    /// </summary>
    /// <returns>The familiar string, which parses back to an equal reference.</returns>
    public string ToFamiliarString()
    {
        var path = Repository.AsSpan();
        var firstSlash = path.IndexOf('/');
        // Without its registry a name like foo.com/bar or localhost/foo would parse back as a registry of its own.
        if (!IsDockerHub || (firstSlash >= 0 && ImageReferenceParser.LooksLikeDomain(path[..firstSlash])))
        {
            return _canonical;
        }

        // library/ is dropped only where the short name parses back to the same one: a one-level official name
        // that is not 64 hex characters (that alone would be an image ID).
        if (path.StartsWith(ImageReferenceParser.LibraryPrefix, StringComparison.Ordinal))
        {
            var rest = path[ImageReferenceParser.LibraryPrefix.Length..];
            if (!rest.Contains('/') && !(rest.Length == 64 && ImageReferenceParser.IsLowerHex(rest)))
            {
                path = rest;
            }
        }

        return string.Concat(path, _canonical.AsSpan(NameLength));
    }

    /// <summary>
    /// Returns the canonical form, <c>registry/repository[:tag][@digest]</c>, for example
    /// <c>docker.io/library/nginx:latest</c>.
    /// </summary>
    /// <returns>The canonical string, which parses back to an equal reference.</returns>
    public override string ToString() => _canonical;

    /// <summary>Compares registry, repository, tag and digest, all case-sensitively.</summary>
    /// <param name="other">The reference to compare with.</param>
    /// <returns><see langword="true"/> when both have the same canonical form.</returns>
    public bool Equals(ImageReference? other) =>
        other is not null && string.Equals(_canonical, other._canonical, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    /// <summary>Compares two references for equality.</summary>
    /// <param name="left">The first reference.</param>
    /// <param name="right">The second reference.</param>
    /// <returns><see langword="true"/> when both are null or both have the same canonical form.</returns>
    public static bool operator ==(ImageReference? left, ImageReference? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two references for inequality.</summary>
    /// <param name="left">The first reference.</param>
    /// <param name="right">The second reference.</param>
    /// <returns><see langword="true"/> when the references differ.</returns>
    public static bool operator !=(ImageReference? left, ImageReference? right) => !(left == right);

    private ImageReference Create(string? tag, Digest? digest)
    {
        var name = Name;
        var canonical = (tag, digest) switch
        {
            (null, null) => name,
            (not null, null) => $"{name}:{tag}",
            (null, not null) => $"{name}@{digest}",
            _ => $"{name}:{tag}@{digest}",
        };
        return new ImageReference(Registry, Repository, tag, digest, canonical);
    }
}
