namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>One <c>[[registry.mirror]]</c> of a registry: where else its images may be pulled from.</summary>
/// <param name="Location">The mirror, <c>host[:port]</c> with an optional path that replaces the registry's prefix.</param>
/// <param name="Insecure">Whether the mirror's host may be reached over plain HTTP and without TLS verification.</param>
/// <param name="PullFromMirror">Which pulls the mirror serves.</param>
public sealed record RegistryMirror(string Location, bool Insecure, MirrorPullPolicy PullFromMirror);
