using System.Diagnostics.CodeAnalysis;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Content;

/// <summary>
/// What a store is, beyond the verbs it implements: the registry repository it is (if it is one), what can mount
/// blobs into it from another repository of that registry, and the only manifest format it holds (if it holds one
/// only). Every <see cref="IImageSource"/> and <see cref="IImageDestination"/> states it (<see cref="IImageStore.Description"/>),
/// so a store that wraps another states it too, at compile time, and cannot drop an ability by forgetting an
/// interface. The copy engine reads it of both sides once, when a copy starts.
/// </summary>
/// <remarks>Immutable. Equality is by reference: two descriptions of one store need not be the same instance.</remarks>
public sealed class ImageStoreDescription
{
    private ImageStoreDescription(string? registry, string? repository, IBlobMounter? mounter, ManifestFormat? requiredFormat, string? requiredFormatReason)
    {
        Registry = registry;
        Repository = repository;
        Mounter = mounter;
        RequiredFormat = requiredFormat;
        RequiredFormatReason = requiredFormatReason;
    }

    /// <summary>
    /// Gets the description of a store that is no registry repository, mounts nothing and holds manifests of any
    /// format: a directory, an archive, memory.
    /// </summary>
    public static ImageStoreDescription Default { get; } = new(null, null, null, null, null);

    /// <summary>
    /// Gets the registry, as written in image references (for example <c>docker.io</c> or <c>127.0.0.1:5000</c>),
    /// when the store is a registry repository; otherwise <see langword="null"/>.
    /// </summary>
    public string? Registry { get; }

    /// <summary>
    /// Gets the repository path within <see cref="Registry"/> (for example <c>library/nginx</c>), when the store is a
    /// registry repository; otherwise <see langword="null"/>.
    /// </summary>
    public string? Repository { get; }

    /// <summary>Gets a value indicating whether the store is a repository of a registry (<see cref="Registry"/> and <see cref="Repository"/> set).</summary>
    [MemberNotNullWhen(true, nameof(Registry), nameof(Repository))]
    public bool IsRegistryRepository => Registry is not null;

    /// <summary>
    /// Gets what mounts blobs into this store from another repository of <see cref="Registry"/> without moving their
    /// bytes; <see langword="null"/> when the store cannot. Only a registry repository has one.
    /// </summary>
    public IBlobMounter? Mounter { get; }

    /// <summary>
    /// Gets the only manifest format the store holds, or <see langword="null"/> when it holds any. A copy into it
    /// that asks for no format converts to this one, and one that must preserve digests is refused when that changes them.
    /// </summary>
    public ManifestFormat? RequiredFormat { get; }

    /// <summary>
    /// Gets why the store holds <see cref="RequiredFormat"/> only, in words that complete "the destination is …"
    /// in an error message (for example "an OCI layout, which holds OCI manifests only"); <see langword="null"/> when
    /// <see cref="RequiredFormat"/> is.
    /// </summary>
    public string? RequiredFormatReason { get; }

    /// <summary>
    /// Gets what lists the referrers of the store's manifests (signatures, SBOMs, attestations), or
    /// <see langword="null"/> when the store keeps none a copy can find.
    /// </summary>
    public IReferrerLister? Referrers { get; private init; }

    /// <summary>Returns this description with <see cref="Referrers"/> set.</summary>
    /// <param name="referrers">What lists the store's referrers.</param>
    /// <returns>A new description; this one is unchanged.</returns>
    public ImageStoreDescription WithReferrers(IReferrerLister referrers)
    {
        ArgumentNullException.ThrowIfNull(referrers);
        return new(Registry, Repository, Mounter, RequiredFormat, RequiredFormatReason) { Referrers = referrers };
    }

    /// <summary>Describes a repository of a registry.</summary>
    /// <param name="registry">The registry, as written in image references (for example <c>docker.io</c>).</param>
    /// <param name="repository">The repository path within it (for example <c>library/nginx</c>).</param>
    /// <param name="mounter">What mounts blobs into the repository from others of the registry, or <see langword="null"/> when nothing does.</param>
    /// <returns>The description.</returns>
    public static ImageStoreDescription ForRegistryRepository(string registry, string repository, IBlobMounter? mounter)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return new(registry, repository, mounter, null, null);
    }

    /// <summary>Describes a store that is no registry repository and holds manifests of one format only.</summary>
    /// <param name="format">The only format it holds.</param>
    /// <param name="reason">Why, completing "the destination is …" (for example "an OCI layout, which holds OCI manifests only").</param>
    /// <returns>The description.</returns>
    public static ImageStoreDescription HoldingOnly(ManifestFormat format, string reason)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a manifest format.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(null, null, null, format, reason);
    }
}
