using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OciRegistry.Client.Content;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An on-disk image named with skopeo's transport syntax — <c>oci:PATH[:TAG]</c>, <c>oci-archive:PATH[:TAG]</c>,
/// <c>docker-archive:PATH[:NAME[:TAG]]</c>, <c>dir:PATH</c>, with <c>:@N</c> selecting the N-th image of an OCI
/// layout, OCI archive or docker archive — and the source or destination object that reads or writes it.
/// </summary>
/// <remarks>
/// As in skopeo on Unix, the path ends at the first <c>:</c> after the transport name (so it cannot contain one),
/// except for <c>dir:</c>, whose whole remainder is the path.
/// </remarks>
public sealed record ImageLocation
{
    private ImageLocation(ImageTransport transport, string path, string? tag, int? sourceIndex)
    {
        Transport = transport;
        Path = path;
        Tag = tag;
        SourceIndex = sourceIndex;
    }

    /// <summary>Gets the transport.</summary>
    public ImageTransport Transport { get; }

    /// <summary>Gets the directory or archive path.</summary>
    public string Path { get; }

    /// <summary>
    /// Gets the tag: an OCI ref name for <c>oci:</c> and <c>oci-archive:</c>; a normalized reference such as
    /// <c>docker.io/library/busybox:latest</c> for <c>docker-archive:</c>; <see langword="null"/> when none was given.
    /// </summary>
    public string? Tag { get; }

    /// <summary>Gets the position given with <c>:@N</c>, which selects a source image; <see langword="null"/> when none was given.</summary>
    public int? SourceIndex { get; }

    /// <summary>
    /// Gets the reference to resolve on the source returned by <see cref="OpenSourceAsync"/>: the tag, <c>@N</c>,
    /// or the empty string for "the only image".
    /// </summary>
    public string SourceReference => SourceIndex is { } i ? "@" + i.ToString(CultureInfo.InvariantCulture) : Tag ?? string.Empty;

    /// <summary>Parses a transport reference.</summary>
    /// <param name="value">For example <c>oci:/tmp/layout:v1</c> or <c>docker-archive:img.tar:busybox:latest</c>.</param>
    /// <returns>The location.</returns>
    /// <exception cref="InvalidReferenceException">The text is not a valid reference of a supported transport; the message says why.</exception>
    public static ImageLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var location, out var error) ? location : throw new InvalidReferenceException(value, error);
    }

    /// <summary>Parses a transport reference without throwing.</summary>
    /// <param name="value">The candidate.</param>
    /// <param name="location">The location when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [MaybeNullWhen(false)] out ImageLocation location) =>
        TryParse(value, out location, out _);

    /// <summary>
    /// Opens the image for reading. The result also implements <see cref="ITagLister"/> (except for <c>dir:</c>)
    /// and <see cref="IDisposable"/>: dispose it when done.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening (archives are indexed here).</param>
    /// <returns>The source; resolve <see cref="SourceReference"/> on it.</returns>
    public async Task<IImageSource> OpenSourceAsync(CancellationToken cancellationToken = default) => Transport switch
    {
        ImageTransport.OciLayout => new OciLayout(Path),
        ImageTransport.OciArchive => await OciArchiveSource.OpenAsync(Path, cancellationToken: cancellationToken).ConfigureAwait(false),
        ImageTransport.DockerArchive => await DockerArchiveSource.OpenAsync(Path, cancellationToken: cancellationToken).ConfigureAwait(false),
        _ => new ImageDirectory(Path),
    };

    /// <summary>
    /// Creates the destination that writes the image; push the top-level manifest with <see cref="Tag"/>. The result
    /// implements <see cref="IDisposable"/>: dispose it when done (archives delete their staging directory).
    /// </summary>
    /// <returns>The destination.</returns>
    /// <exception cref="InvalidOperationException">The location has <c>:@N</c>, which only selects a source.</exception>
    public IImageDestination CreateDestination()
    {
        if (SourceIndex is { } i)
        {
            throw new InvalidOperationException($"\"{this}\" selects a source image with @{i}; a destination takes a tag, not an index.");
        }

        return Transport switch
        {
            ImageTransport.OciLayout => new OciLayout(Path, listUntagged: Tag is null),
            ImageTransport.OciArchive => new OciArchiveDestination(Path, untagged: Tag is null),
            ImageTransport.DockerArchive => new DockerArchiveDestination(Path),
            _ => new ImageDirectory(Path),
        };
    }

    /// <summary>Formats the location in skopeo's syntax.</summary>
    /// <returns>For example <c>oci:/tmp/layout:v1</c>.</returns>
    public override string ToString()
    {
        var name = Transport switch
        {
            ImageTransport.OciLayout => "oci",
            ImageTransport.OciArchive => "oci-archive",
            ImageTransport.DockerArchive => "docker-archive",
            _ => "dir",
        };
        var suffix = SourceIndex is not null || Tag is not null ? ":" + SourceReference : string.Empty;
        return $"{name}:{Path}{suffix}";
    }

    private static bool TryParse(string? value, [MaybeNullWhen(false)] out ImageLocation location, out string error)
    {
        location = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "it is empty";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = "it has no transport prefix such as oci:, oci-archive:, docker-archive: or dir:";
            return false;
        }

        var transportName = value[..colon];
        var rest = value[(colon + 1)..];
        ImageTransport transport;
        switch (transportName)
        {
            case "oci":
                transport = ImageTransport.OciLayout;
                break;
            case "oci-archive":
                transport = ImageTransport.OciArchive;
                break;
            case "docker-archive":
                transport = ImageTransport.DockerArchive;
                break;
            case "dir":
                if (rest.Length == 0)
                {
                    error = "dir: needs a path";
                    return false;
                }

                location = new ImageLocation(ImageTransport.Directory, rest, null, null);
                error = string.Empty;
                return true;
            default:
                error = $"the transport \"{transportName}\" is not one of oci, oci-archive, docker-archive, dir";
                return false;
        }

        var separator = rest.IndexOf(':', StringComparison.Ordinal);
        var path = separator < 0 ? rest : rest[..separator];
        var reference = separator < 0 ? null : rest[(separator + 1)..];
        if (path.Length == 0)
        {
            error = $"{transportName}: needs a path";
            return false;
        }

        string? tag = null;
        int? sourceIndex = null;
        if (reference is { Length: > 0 } && reference[0] == '@')
        {
            if (!int.TryParse(reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                error = $"the source index \"{reference}\" must be @ followed by a non-negative number";
                return false;
            }

            sourceIndex = index;
        }
        else if (reference is { Length: > 0 })
        {
            if (transport == ImageTransport.DockerArchive)
            {
                if (!ImageReference.TryParse(reference, out var parsed))
                {
                    error = $"\"{reference}\" is not a valid image reference (NAME[:TAG])";
                    return false;
                }

                if (parsed.Digest is not null)
                {
                    error = $"\"{reference}\" has a digest; a docker archive reference must be NAME[:TAG]";
                    return false;
                }

                tag = parsed.WithDefaultTag().ToString();
            }
            else if (!OciRefName.IsValid(reference))
            {
                error = $"\"{reference}\" is not a valid OCI layout tag (letters and digits joined by -._:@+ or --, in /-separated components)";
                return false;
            }
            else
            {
                tag = reference;
            }
        }
        else if (reference is not null)
        {
            error = "the reference after ':' is empty";
            return false;
        }

        location = new ImageLocation(transport, path, tag, sourceIndex);
        error = string.Empty;
        return true;
    }
}
