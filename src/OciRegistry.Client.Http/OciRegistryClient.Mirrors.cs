using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

public partial class OciRegistryClient
{
    /// <summary>
    /// The repository on each mirror of the reference's registry (<see cref="RegistryHostOptions.Mirrors"/>), for a
    /// repository opened for pulling only. A mirror <c>host[:port]/prefix</c> holds <c>REPOSITORY</c> as
    /// <c>prefix/REPOSITORY</c>; each mirror uses its own registry settings (insecure, certificates, credentials).
    /// </summary>
    private List<RegistryRepository> MirrorsOf(ImageReference reference, RepositoryAccess access)
    {
        var mirrors = _options.For(reference.Registry).Mirrors;
        if (mirrors.Count == 0 || access != RepositoryAccess.Pull)
        {
            return [];
        }

        var repositories = new List<RegistryRepository>(mirrors.Count);
        foreach (var mirror in mirrors)
        {
            var location = ImageReference.Parse($"{mirror.TrimEnd('/')}/{reference.Repository}");
            repositories.Add(new RegistryRepository(
                GetConnection(location),
                location.Repository,
                RepositoryAccess.Pull,
                _loggerFactory.CreateLogger<RegistryRepository>()));
        }

        return repositories;
    }

    /// <summary>Tells whether a mirror location is <c>host[:port]</c> with an optional path prefix, as the options validator requires.</summary>
    internal static bool IsMirrorLocation(string mirror) =>
        !string.IsNullOrWhiteSpace(mirror)
        && ImageReference.TryParse($"{mirror.TrimEnd('/')}/x", out var parsed)
        && string.Equals(parsed.Registry, mirror.Split('/')[0], StringComparison.OrdinalIgnoreCase)
        && parsed.Tag is null && parsed.Digest is null;
}
