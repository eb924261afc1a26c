using Microsoft.Extensions.Logging;
using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http;

// Where a repository's requests go, from the one registries configuration: the file's tables
// (OciRegistryClientOptions.RegistriesConfiguration) with each registry's Mirrors option added to them.
public sealed partial class OciRegistryClient
{
    /// <summary>Gets the registries configuration in effect: the file's, with the <see cref="RegistryHostOptions.Mirrors"/> of each registry added.</summary>
    internal RegistriesConfiguration Registries { get; }

    private static RegistriesConfiguration EffectiveRegistries(OciRegistryClientOptions options)
    {
        var configuration = options.RegistriesConfiguration ?? RegistriesConfiguration.Empty;
        foreach (var (registry, settings) in options.Registries)
        {
            if (settings.Mirrors.Count > 0)
            {
                configuration = configuration.WithMirrors(registry, [.. settings.Mirrors], $"OciRegistry:Registries:{registry}:Mirrors");
            }
        }

        return configuration;
    }

    /// <summary>
    /// Opens the repository of a reference. A repository opened for pulling only is at the reference's primary
    /// location (rewritten by a matching <c>[[registry]]</c>) with the mirrors that serve this kind of pull (by digest
    /// when the reference has a digest, else by tag) tried first; any other access goes to the reference as written,
    /// without mirrors. A blocked primary is refused here, before any connection; a blocked mirror is left out.
    /// </summary>
    private RegistryRepository Open(ImageReference reference, RepositoryAccess access)
    {
        if (access != RepositoryAccess.Pull)
        {
            if (Registries.FindRegistry(reference.Name) is { Blocked: true } blocker)
            {
                throw new BlockedRegistryException(reference.ToString(), blocker);
            }

            return new RegistryRepository(GetConnection(reference), reference.Repository, access, _loggerFactory.CreateLogger<RegistryRepository>());
        }

        var sources = Registries.PullSources(reference);
        var primary = sources[^1];
        if (primary.BlockedBy is { } blocked)
        {
            throw new BlockedRegistryException(reference.ToString(), blocked);
        }

        var mirrors = new List<RegistryRepository>(sources.Count - 1);
        foreach (var mirror in sources.Take(sources.Count - 1))
        {
            if (mirror.BlockedBy is { } mirrorBlocker)
            {
                RegistryLog.MirrorBlocked(_logger, mirror.Reference.Name, reference.Name, mirrorBlocker.Source);
                continue;
            }

            mirrors.Add(new RegistryRepository(GetConnection(mirror.Reference), mirror.Reference.Repository, RepositoryAccess.Pull, _loggerFactory.CreateLogger<RegistryRepository>()));
        }

        if (!ReferenceEquals(primary.Reference, reference))
        {
            RegistryLog.Rewritten(_logger, reference.Name, primary.Reference.Name);
        }

        return new RegistryRepository(GetConnection(primary.Reference), primary.Reference.Repository, access, _loggerFactory.CreateLogger<RegistryRepository>())
        {
            Mirrors = mirrors,
        };
    }
}
