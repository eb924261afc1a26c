namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>What a short name resolved to: the references to try, in order.</summary>
/// <param name="Candidates">The fully qualified references, each with the name's tag or digest; one when <paramref name="Alias"/> is set.</param>
/// <param name="Alias">The file whose alias decided, or <see langword="null"/> when the search registries did (or the name was already qualified).</param>
public sealed record ShortNameResolution(IReadOnlyList<ImageReference> Candidates, string? Alias);
