using System.Text.Json;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>A small two-layer image built by umoci (not by us) and pushed by skopeo under one or more tags.</summary>
internal sealed record SampleImage(string Repository, IReadOnlyList<string> Tags, Digest ManifestDigest, OciLayoutImage Layout)
{
    public const int LayerCount = 2;

    /// <summary>Builds the two-layer image into a new OCI layout in a scratch directory of the registry.</summary>
    public static async Task<OciLayoutImage> BuildLayoutAsync(RegistryFixture registry, string tag)
    {
        var images = TestImages.Locate();
        var layout = await images.BuildLayoutAsync(registry.CreateScratchDirectory("cli-layout"), tag);
        var file = Path.Combine(registry.CreateScratchDirectory("cli-layer"), "second.txt");
        await File.WriteAllTextAsync(file, $"a second layer {Guid.NewGuid():N}\n");
        await images.Umoci.InsertAsync(layout.LayoutDirectory, tag, file, "/etc/second.txt");
        return layout with { ManifestDigest = await ReadTaggedDigestAsync(layout.LayoutDirectory, tag) };
    }

    /// <summary>Builds the image and has skopeo push it under every tag with <paramref name="access"/>.</summary>
    public static async Task<SampleImage> PushAsync(
        RegistryFixture registry, string repository, IReadOnlyList<string> tags, SkopeoRegistryAccess access)
    {
        var layout = await BuildLayoutAsync(registry, tags[0]);
        foreach (var tag in tags)
        {
            var pushed = await Skopeo.Locate().CopyAsync(layout.SkopeoReference, registry.DockerReference(repository, tag), destinationAccess: access);
            Assert.Equal(layout.ManifestDigest, pushed);
        }

        return new SampleImage(repository, tags, layout.ManifestDigest, layout);
    }

    public static async Task<Digest> ReadTaggedDigestAsync(string layoutDirectory, string tag)
    {
        await using var index = File.OpenRead(Path.Combine(layoutDirectory, "index.json"));
        using var document = await JsonDocument.ParseAsync(index);
        return document.RootElement.GetProperty("manifests").EnumerateArray()
            .Where(m => m.TryGetProperty("annotations", out var a)
                        && a.TryGetProperty("org.opencontainers.image.ref.name", out var name)
                        && name.GetString() == tag)
            .Select(m => Digest.Parse(m.GetProperty("digest").GetString()!))
            .Single();
    }
}
