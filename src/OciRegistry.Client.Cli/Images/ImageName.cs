using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Cli.Images;

/// <summary>
/// An image named on the command line in skopeo's <c>TRANSPORT:REFERENCE</c> syntax: <c>docker://REF</c> for a
/// registry (with docker.io normalization: <c>docker://nginx</c> is <c>docker.io/library/nginx:latest</c>), or an
/// on-disk transport parsed by the SDK's <see cref="ImageLocation"/>.
/// </summary>
internal sealed class ImageName
{
    private ImageName(string text, ImageReference? registry, ImageLocation? local)
    {
        Text = text;
        Registry = registry;
        Local = local;
    }

    /// <summary>Gets the name as written.</summary>
    public string Text { get; }

    /// <summary>Gets the registry reference, for <c>docker://</c>.</summary>
    public ImageReference? Registry { get; }

    /// <summary>Gets the on-disk location, for <c>oci:</c>, <c>oci-archive:</c>, <c>docker-archive:</c>, <c>dir:</c>.</summary>
    public ImageLocation? Local { get; }

    /// <summary>Gets a value indicating whether this is a registry image.</summary>
    public bool IsRegistry => Registry is not null;

    /// <summary>Parses an image name.</summary>
    /// <param name="text">The argument.</param>
    /// <param name="defaultTag">Whether a registry reference without tag or digest gets <c>latest</c> (not for <c>list-tags</c>).</param>
    /// <returns>The image name.</returns>
    /// <exception cref="CliUsageException">The name is malformed or names a transport ocireg does not have.</exception>
    public static ImageName Parse(string text, bool defaultTag = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new CliUsageException($"Invalid image name \"{text}\", expected colon-separated transport:reference");
        }

        var transport = text[..colon];
        var rest = text[(colon + 1)..];
        switch (transport)
        {
            case "docker":
                if (!rest.StartsWith("//", StringComparison.Ordinal))
                {
                    throw new CliUsageException($"Invalid image name \"{text}\": docker: image reference {rest} does not start with //");
                }

                if (!ImageReference.TryParse(rest[2..], out var reference))
                {
                    throw new CliUsageException(InvalidReason(text, rest[2..]));
                }

                return new ImageName(text, defaultTag ? reference.WithDefaultTag() : reference, null);
            case "oci" or "oci-archive" or "docker-archive" or "dir":
                try
                {
                    return new ImageName(text, null, ImageLocation.Parse(text));
                }
                catch (InvalidReferenceException e)
                {
                    throw new CliUsageException($"Invalid image name \"{text}\": {e.Message}", e);
                }

            case "docker-daemon" or "containers-storage" or "sif" or "ostree" or "tarball":
                throw new CliUsageException($"Invalid image name \"{text}\": the transport \"{transport}\" is not supported by ocireg (docker, oci, oci-archive, docker-archive, dir are)");
            default:
                throw new CliUsageException($"Invalid image name \"{text}\", unknown transport \"{transport}\"");
        }
    }

    /// <summary>Gets the reference to resolve on the source: the registry tag or digest, or the on-disk reference.</summary>
    public string SourceReference =>
        Registry is { } r ? (r.Digest?.ToString() ?? r.Tag ?? ImageReference.DefaultTag) : Local!.SourceReference;

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static string InvalidReason(string text, string reference)
    {
        try
        {
            _ = ImageReference.Parse(reference);
            return $"Invalid image name \"{text}\"";
        }
        catch (InvalidReferenceException e)
        {
            return $"Invalid image name \"{text}\": {e.Message}";
        }
    }
}
