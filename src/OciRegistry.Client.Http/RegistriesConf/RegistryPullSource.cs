namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>One place an image reference may be pulled from: a mirror or the (possibly rewritten) primary location.</summary>
/// <param name="Reference">The reference rewritten for this place: its registry and repository are what is contacted.</param>
/// <param name="IsMirror">Whether this is a mirror rather than the primary location.</param>
/// <param name="BlockedBy">The <c>[[registry]]</c> that blocks this place, or <see langword="null"/> when it may be contacted.</param>
public sealed record RegistryPullSource(ImageReference Reference, bool IsMirror, RegistryEntry? BlockedBy);
