using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OciRegistry.Client;

/// <summary>
/// Where an image lives, in any transport, named in the containers <c>TRANSPORT:REFERENCE</c> syntax:
/// <c>docker://REFERENCE</c> for a registry (normalised as Docker does: <c>docker://nginx</c> is
/// <c>docker.io/library/nginx</c>), <c>oci:PATH[:TAG]</c>, <c>oci-archive:PATH[:TAG]</c>,
/// <c>docker-archive:PATH[:NAME[:TAG]]</c> and <c>dir:PATH</c>, with <c>:@N</c> selecting the N-th image of an OCI
/// layout, OCI archive or docker archive. <see cref="ImageOpener"/> opens it as a source or a destination.
/// </summary>
/// <remarks>
/// <para>
/// The path of an on-disk location ends at the first <c>:</c> after the transport name (so it cannot contain one),
/// except for <c>dir:</c>, whose whole remainder is the path: the rules of containers/image on Unix.
/// </para>
/// <para>
/// A registry location keeps its reference as written; one without tag or digest is read and written as
/// <c>latest</c> (<see cref="SourceReference"/>, <see cref="DestinationTag"/>). Two locations are equal when their
/// texts (<see cref="ToString"/>) are.
/// </para>
/// </remarks>
public sealed partial class ImageLocation : IEquatable<ImageLocation>
{
    private const string DockerPrefix = "docker://";

    private readonly string _text;

    private ImageLocation(ImageTransport transport, ImageReference? registryReference, string? path, string? tag, int? sourceIndex)
    {
        Transport = transport;
        RegistryReference = registryReference;
        Path = path;
        Tag = tag;
        SourceIndex = sourceIndex;
        _text = Format();
    }

    /// <summary>Gets the transport.</summary>
    public ImageTransport Transport { get; }

    /// <summary>
    /// Gets the image reference of a registry location, as written (normalised, without a default tag);
    /// <see langword="null"/> for the on-disk transports.
    /// </summary>
    public ImageReference? RegistryReference { get; }

    /// <summary>Gets the directory or archive path of an on-disk location; <see langword="null"/> for a registry.</summary>
    public string? Path { get; }

    /// <summary>
    /// Gets the tag as written: the registry tag; an OCI ref name for <c>oci:</c> and <c>oci-archive:</c>; a normalised
    /// reference such as <c>docker.io/library/busybox:latest</c> for <c>docker-archive:</c>; <see langword="null"/> when
    /// none was given.
    /// </summary>
    public string? Tag { get; }

    /// <summary>Gets the position given with <c>:@N</c>, which selects a source image; <see langword="null"/> when none was given.</summary>
    public int? SourceIndex { get; }

    /// <summary>
    /// Gets the reference to resolve on the location's source: a registry's digest, else its tag, else <c>latest</c>;
    /// an on-disk location's tag, <c>@N</c>, or the empty string for "the only image".
    /// </summary>
    public string SourceReference => Transport == ImageTransport.Registry
        ? RegistryReference!.Digest?.ToString() ?? RegistryReference.Tag ?? ImageReference.DefaultTag
        : SourceIndex is { } i ? "@" + i.ToString(CultureInfo.InvariantCulture) : Tag ?? string.Empty;

    /// <summary>
    /// Gets the tag to write the top-level manifest under when the location is a destination: a registry's tag, else
    /// <c>latest</c> when it has no digest either, else <see langword="null"/> (written by digest); an on-disk location's
    /// tag, or <see langword="null"/> (untagged).
    /// </summary>
    public string? DestinationTag => Transport == ImageTransport.Registry
        ? RegistryReference!.Tag ?? (RegistryReference.Digest is null ? ImageReference.DefaultTag : null)
        : SourceIndex is null ? Tag : null;

    /// <summary>Creates the location of an image (or, without tag and digest, a repository) in a registry.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The location, <c>docker://REFERENCE</c>.</returns>
    public static ImageLocation Registry(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new ImageLocation(ImageTransport.Registry, reference, null, reference.Tag, null);
    }

    /// <summary>Creates the location of a <c>dir:</c> image directory.</summary>
    /// <param name="path">The directory; it may contain <c>:</c>.</param>
    /// <returns>The location, <c>dir:PATH</c>.</returns>
    public static ImageLocation Directory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ImageLocation(ImageTransport.Directory, null, path, null, null);
    }

    /// <summary>Parses a location.</summary>
    /// <param name="value">For example <c>docker://ghcr.io/org/app:1.0</c>, <c>oci:/tmp/layout:v1</c> or <c>docker-archive:img.tar:busybox:latest</c>.</param>
    /// <returns>The location.</returns>
    /// <exception cref="InvalidReferenceException">
    /// The text is not a valid location of a supported transport; the message names the text and says why, and
    /// <see cref="InvalidReferenceException.Reason"/> holds the why alone.
    /// </exception>
    public static ImageLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var location, out var error) ? location : throw error!;
    }

    /// <summary>Parses a location without throwing.</summary>
    /// <param name="value">The candidate.</param>
    /// <param name="location">The location when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [MaybeNullWhen(false)] out ImageLocation location) =>
        TryParse(value, out location, out _);

    /// <summary>
    /// Tells whether a string is a valid tag of an OCI layout (its <c>org.opencontainers.image.ref.name</c>):
    /// components of letters and digits joined by <c>-._:@+</c> or <c>--</c>, separated by <c>/</c>.
    /// </summary>
    /// <param name="tag">The candidate tag.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidLayoutTag([NotNullWhen(true)] string? tag) => tag is { Length: > 0 } && LayoutTagGrammar().IsMatch(tag);

    /// <summary>Formats the location in the syntax <see cref="Parse"/> reads.</summary>
    /// <returns>For example <c>docker://docker.io/library/nginx:1.27</c> or <c>oci:/tmp/layout:v1</c>.</returns>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(ImageLocation? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ImageLocation);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    private string Format() => Transport switch
    {
        ImageTransport.Registry => DockerPrefix + RegistryReference,
        ImageTransport.Directory => "dir:" + Path,
        _ => $"{TransportName(Transport)}:{Path}{(SourceIndex is not null || Tag is not null ? ":" + SourceReference : string.Empty)}",
    };

    private static string TransportName(ImageTransport transport) => transport switch
    {
        ImageTransport.OciLayout => "oci",
        ImageTransport.OciArchive => "oci-archive",
        _ => "docker-archive",
    };

    private static bool TryParse(string? value, [MaybeNullWhen(false)] out ImageLocation location, out InvalidReferenceException? error)
    {
        location = null;
        error = null;
        if (value is null)
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = Invalid(value, ", ", "expected colon-separated transport:reference");
            return false;
        }

        var transportName = value[..colon];
        var rest = value[(colon + 1)..];
        ImageTransport transport;
        switch (transportName)
        {
            case "docker":
                return TryParseRegistry(value, rest, out location, out error);
            case "dir":
                if (rest.Length == 0)
                {
                    error = Invalid(value, ": ", "dir: needs a path");
                    return false;
                }

                location = new ImageLocation(ImageTransport.Directory, null, rest, null, null);
                return true;
            case "oci":
                transport = ImageTransport.OciLayout;
                break;
            case "oci-archive":
                transport = ImageTransport.OciArchive;
                break;
            case "docker-archive":
                transport = ImageTransport.DockerArchive;
                break;
            case "docker-daemon" or "containers-storage" or "sif" or "ostree" or "tarball":
                error = Invalid(value, ": ", $"the transport \"{transportName}\" is not supported (docker, oci, oci-archive, docker-archive, dir are)");
                return false;
            default:
                error = Invalid(value, ", ", $"unknown transport \"{transportName}\"");
                return false;
        }

        if (!TryParseOnDisk(transport, transportName, rest, out location, out var reason))
        {
            error = Invalid(value, ": ", reason);
            return false;
        }

        return true;
    }

    private static bool TryParseRegistry(string value, string rest, [MaybeNullWhen(false)] out ImageLocation location, out InvalidReferenceException? error)
    {
        location = null;
        error = null;
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            error = Invalid(value, ": ", $"docker: image reference {rest} does not start with //");
            return false;
        }

        var text = rest[2..];
        var problem = ImageReferenceParser.TryParse(text, out var reference);
        if (problem.IsError)
        {
            var cause = new InvalidReferenceException(text, problem.Describe(text), problem.Position);
            error = Invalid(value, ": ", cause.Message, cause);
            return false;
        }

        location = new ImageLocation(ImageTransport.Registry, reference, null, reference!.Tag, null);
        return true;
    }

    private static bool TryParseOnDisk(ImageTransport transport, string transportName, string rest, [MaybeNullWhen(false)] out ImageLocation location, out string error)
    {
        location = null;
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
            else if (!IsValidLayoutTag(reference))
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

        location = new ImageLocation(transport, null, path, tag, sourceIndex);
        error = string.Empty;
        return true;
    }

    // The message names the text as written, then what is wrong, in the words containers/image uses where it has them.
    private static InvalidReferenceException Invalid(string value, string separator, string reason, Exception? cause = null) =>
        new(value, reason, $"Invalid image name \"{value}\"{separator}{reason}", cause);

    [GeneratedRegex(@"^(?:[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)(?:/(?:[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*))*$", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutTagGrammar();
}
