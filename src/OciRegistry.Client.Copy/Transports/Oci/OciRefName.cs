using System.Diagnostics.CodeAnalysis;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The <c>org.opencontainers.image.ref.name</c> annotation that names (tags) a manifest in an OCI layout's
/// <c>index.json</c>, and the grammar containers/image accepts for it (<see cref="ImageLocation.IsValidLayoutTag"/>).
/// </summary>
internal static class OciRefName
{
    /// <summary>The annotation key.</summary>
    public const string Annotation = "org.opencontainers.image.ref.name";

    /// <summary>Checks a tag against <c>component(/component)*</c>, where components are alphanumerics joined by <c>-._:@+</c> or <c>--</c>.</summary>
    /// <param name="tag">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid([NotNullWhen(true)] string? tag) => ImageLocation.IsValidLayoutTag(tag);

    /// <summary>Gets the ref name of an index entry, or <see langword="null"/>.</summary>
    /// <param name="descriptor">The entry.</param>
    /// <returns>Its ref name.</returns>
    public static string? Of(Models.Descriptor descriptor) =>
        descriptor.Annotations is { } a && a.TryGetValue(Annotation, out var name) && name.Length > 0 ? name : null;
}
