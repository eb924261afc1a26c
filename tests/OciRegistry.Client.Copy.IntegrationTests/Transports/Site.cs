using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>
/// Where an image is, named once for both sides of a test: the engine opens its <see cref="ImageLocation"/> (a
/// registry repository or an on-disk place) and skopeo is given the same text.
/// </summary>
internal sealed class Site
{
    private readonly CopyHarness _harness;

    private Site(CopyHarness harness, string transport, string reference)
    {
        _harness = harness;
        Transport = transport;
        SkopeoReference = reference;
        Location = ImageLocation.Parse(reference);
    }

    /// <summary>Gets registry, oci, oci-archive, docker-archive or dir.</summary>
    public string Transport { get; }

    /// <summary>Gets the place as skopeo names it (<c>docker://…</c>, <c>oci:PATH:TAG</c>, …).</summary>
    public string SkopeoReference { get; }

    public ImageLocation Location { get; }

    /// <summary>Gets a value indicating whether this is a registry repository (skopeo needs its TLS and credential flags).</summary>
    public bool IsRegistry => Location.Transport == ImageTransport.Registry;

    /// <summary>What the engine resolves on the source.</summary>
    public string SourceReference => Location.SourceReference;

    /// <summary>A new, empty place of <paramref name="transport"/>: a fresh repository or a path under <paramref name="directory"/>.</summary>
    public static Site Create(CopyHarness harness, RegistryFixture registry, string transport, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        var reference = transport switch
        {
            "registry" => registry.DockerReference(registry.NewRepository($"transports-{name}"), "v1"),
            "oci" => $"oci:{path}:v1",
            "oci-archive" => $"oci-archive:{path}.tar:v1",
            "docker-archive" => $"docker-archive:{path}.tar:example/app:v1",
            "dir" => $"dir:{path}",
            _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "not a transport"),
        };
        return new Site(harness, transport, reference);
    }

    /// <summary>A repository that already holds an image.</summary>
    public static Site Existing(CopyHarness harness, RegistryFixture registry, string repository, string tag) =>
        new(harness, "registry", registry.DockerReference(repository, tag));

    public Task<ImageSourceHandle> OpenSourceAsync() => _harness.Opener.OpenSourceAsync(Location);

    /// <summary>Copies from <paramref name="source"/> to this place with the engine.</summary>
    public async Task<CopyResult> CopyFromAsync(Site source, CopyOptions? options = null)
    {
        await using var from = await source.OpenSourceAsync();
        await using var to = await _harness.Opener.OpenDestinationAsync(Location);
        return await _harness.Copier.CopyAsync(from.Source, from.Reference, to.Destination, to.Tag, options);
    }

    public override string ToString() => SkopeoReference;
}
