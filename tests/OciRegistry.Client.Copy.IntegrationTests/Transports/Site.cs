using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>
/// Where an image is, named once for both sides of a test: the engine opens it (a registry repository or an
/// <see cref="ImageLocation"/>) and skopeo is given the same place in its own syntax.
/// </summary>
internal sealed class Site
{
    private readonly CopyHarness _harness;
    private readonly RegistryFixture _registry;
    private readonly string? _repository;
    private readonly string _registryTag;

    private Site(CopyHarness harness, RegistryFixture registry, string transport, string skopeoReference, string? repository, ImageLocation? location, string registryTag = "v1")
    {
        _registryTag = registryTag;
        _harness = harness;
        _registry = registry;
        Transport = transport;
        SkopeoReference = skopeoReference;
        _repository = repository;
        Location = location;
    }

    /// <summary>Gets registry, oci, oci-archive, docker-archive or dir.</summary>
    public string Transport { get; }

    /// <summary>Gets the place as skopeo names it (<c>docker://…</c>, <c>oci:PATH:TAG</c>, …).</summary>
    public string SkopeoReference { get; }

    public ImageLocation? Location { get; }

    /// <summary>Gets a value indicating whether this is a registry repository (skopeo needs its TLS and credential flags).</summary>
    public bool IsRegistry => _repository is not null;

    /// <summary>What the engine resolves on the source and writes as the destination tag.</summary>
    public string SourceReference => Location?.SourceReference ?? Tag!;

    public string? Tag => Location is null ? _registryTag : Location.Tag;

    /// <summary>A new, empty place of <paramref name="transport"/>: a fresh repository or a path under <paramref name="directory"/>.</summary>
    public static Site Create(CopyHarness harness, RegistryFixture registry, string transport, string directory, string name)
    {
        if (transport == "registry")
        {
            var repository = registry.NewRepository($"transports-{name}");
            return new Site(harness, registry, transport, registry.DockerReference(repository, "v1"), repository, null);
        }

        var path = Path.Combine(directory, name);
        var reference = transport switch
        {
            "oci" => $"oci:{path}:v1",
            "oci-archive" => $"oci-archive:{path}.tar:v1",
            "docker-archive" => $"docker-archive:{path}.tar:example/app:v1",
            "dir" => $"dir:{path}",
            _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "not a transport"),
        };
        return new Site(harness, registry, transport, reference, null, ImageLocation.Parse(reference));
    }

    /// <summary>A repository that already holds an image.</summary>
    public static Site Existing(CopyHarness harness, RegistryFixture registry, string repository, string tag) =>
        new(harness, registry, "registry", registry.DockerReference(repository, tag), repository, null, tag);

    public async Task<IImageSource> OpenSourceAsync() =>
        Location is null ? _harness.Source(_registry, _repository!) : await Location.OpenSourceAsync();

    public IImageDestination CreateDestination() =>
        Location is null ? _harness.Destination(_registry, _repository!) : Location.CreateDestination();

    /// <summary>Copies from <paramref name="source"/> to this place with the engine.</summary>
    public async Task<CopyResult> CopyFromAsync(Site source, CopyOptions? options = null)
    {
        var from = await source.OpenSourceAsync();
        using var fromDisposal = from as IDisposable;
        var to = CreateDestination();
        using var toDisposal = to as IDisposable;
        return await _harness.Copier.CopyAsync(from, source.SourceReference, to, Tag, options);
    }

    public override string ToString() => SkopeoReference;
}
