namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// A <c>signedIdentity</c>: which Docker references a signature may name for an image, given the image's own
/// reference (the identity a registry location names; <see langword="null"/> for a transport without one).
/// </summary>
internal abstract record SignedIdentity
{
    /// <summary>Gets the default, <c>matchRepoDigestOrExact</c>.</summary>
    public static SignedIdentity Default { get; } = new MatchRepoDigestOrExact();

    /// <summary>Tells whether a signature naming <paramref name="signed"/> is acceptable for the image <paramref name="image"/>.</summary>
    /// <param name="image">The image's reference (with its tag or digest), or <see langword="null"/>.</param>
    /// <param name="signed">The reference the signature names.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public abstract bool Matches(ImageReference? image, ImageReference signed);

    /// <summary>Describes what is accepted, for error messages.</summary>
    /// <param name="image">The image's reference, or <see langword="null"/>.</param>
    /// <returns>For example <c>the repository example.com/app</c>.</returns>
    public abstract string Describe(ImageReference? image);

    /// <summary>The reference with neither tag nor digest: what "same repository" compares.</summary>
    internal static string NameOf(ImageReference reference) => reference.Name;

    internal static bool HasTagOrDigest(ImageReference reference) => reference.Tag is not null || reference.Digest is not null;
}

/// <summary><c>matchExact</c>: the signature names exactly the image's tag or digest.</summary>
internal sealed record MatchExact : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed) =>
        image is not null && HasTagOrDigest(image) && HasTagOrDigest(signed) && string.Equals(image.ToString(), signed.ToString(), StringComparison.Ordinal);

    public override string Describe(ImageReference? image) => image is null ? "an exact reference (the image has none)" : $"exactly {image}";
}

/// <summary>
/// <c>matchRepoDigestOrExact</c>, the default: an image named by digest accepts any signature for its repository (the
/// digest is checked separately); an image named by tag accepts only that exact tag.
/// </summary>
internal sealed record MatchRepoDigestOrExact : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed)
    {
        if (image is null)
        {
            return false;
        }

        if (image.Digest is not null)
        {
            return string.Equals(NameOf(image), NameOf(signed), StringComparison.Ordinal);
        }

        return image.Tag is not null && string.Equals(image.ToString(), signed.ToString(), StringComparison.Ordinal);
    }

    public override string Describe(ImageReference? image) => image switch
    {
        null => "the image's reference (the image has none)",
        { Digest: not null } => $"the repository {NameOf(image)}",
        _ => $"exactly {image}",
    };
}

/// <summary><c>matchRepository</c>: any signature for the image's repository.</summary>
internal sealed record MatchRepository : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed) =>
        image is not null && string.Equals(NameOf(image), NameOf(signed), StringComparison.Ordinal);

    public override string Describe(ImageReference? image) => image is null ? "the image's repository (the image has none)" : $"the repository {NameOf(image)}";
}

/// <summary><c>exactReference</c>: the signature names exactly <see cref="Reference"/>, whatever the image is called.</summary>
/// <param name="Reference">The <c>dockerReference</c>, with a tag or digest.</param>
internal sealed record ExactReference(ImageReference Reference) : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed) =>
        string.Equals(Reference.ToString(), signed.ToString(), StringComparison.Ordinal);

    public override string Describe(ImageReference? image) => $"exactly {Reference}";
}

/// <summary><c>exactRepository</c>: the signature names <see cref="Repository"/>, with any tag or digest.</summary>
/// <param name="Repository">The <c>dockerRepository</c>, without tag or digest.</param>
internal sealed record ExactRepository(ImageReference Repository) : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed) =>
        string.Equals(NameOf(Repository), NameOf(signed), StringComparison.Ordinal);

    public override string Describe(ImageReference? image) => $"the repository {NameOf(Repository)}";
}

/// <summary>
/// <c>remapIdentity</c>: an image whose repository starts with <see cref="Prefix"/> (at a <c>/</c> boundary or the
/// whole name) is judged as if it started with <see cref="SignedPrefix"/> instead, then as
/// <c>matchRepoDigestOrExact</c>; other images as <c>matchRepoDigestOrExact</c> directly.
/// </summary>
/// <param name="Prefix">The <c>prefix</c>: a host, a host with namespaces, or a repository.</param>
/// <param name="SignedPrefix">The <c>signedPrefix</c> it stands for in signatures.</param>
internal sealed record RemapIdentity(string Prefix, string SignedPrefix) : SignedIdentity
{
    public override bool Matches(ImageReference? image, ImageReference signed) =>
        Default.Matches(image is null ? null : Remap(image), signed);

    public override string Describe(ImageReference? image) => Default.Describe(image is null ? null : Remap(image));

    /// <summary>The image's reference with the prefix replaced, or the image itself when the prefix does not apply.</summary>
    internal ImageReference Remap(ImageReference image)
    {
        var name = NameOf(image);
        var applies = name.Length == Prefix.Length
            ? string.Equals(name, Prefix, StringComparison.Ordinal)
            : name.Length > Prefix.Length && name.StartsWith(Prefix, StringComparison.Ordinal) && name[Prefix.Length] == '/';
        if (!applies)
        {
            return image;
        }

        var remapped = SignedPrefix + image.ToString()[Prefix.Length..];
        // A remapped name that no longer parses cannot match any signature; the image keeps its own name then.
        return ImageReference.TryParse(remapped, out var parsed) ? parsed : image;
    }
}
