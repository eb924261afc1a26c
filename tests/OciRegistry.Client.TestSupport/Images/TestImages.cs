using System.Text.Json;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.TestSupport.Images;

/// <summary>
/// Builds small real images with umoci (one layer with a file, config with env, label and cmd) and pushes them
/// with skopeo. Both tools are oracles written by others, so what a test reads back was not produced by our code.
/// </summary>
public sealed class TestImages
{
    public TestImages(Umoci umoci, Skopeo skopeo)
    {
        ArgumentNullException.ThrowIfNull(umoci);
        ArgumentNullException.ThrowIfNull(skopeo);
        Umoci = umoci;
        Skopeo = skopeo;
    }

    public Umoci Umoci { get; }

    public Skopeo Skopeo { get; }

    /// <summary>Finds umoci and skopeo, failing with the Debian package names when either is missing.</summary>
    public static TestImages Locate() => new(Umoci.Locate(), Skopeo.Locate());

    /// <summary>Creates (or adds to) the OCI layout at <paramref name="layoutDirectory"/> an image tagged
    /// <paramref name="tag"/>. umoci records creation times, so two builds differ in digest.</summary>
    public async Task<OciLayoutImage> BuildLayoutAsync(
        string layoutDirectory, string tag, TestImageContent? content = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        content ??= new TestImageContent();

        if (!File.Exists(Path.Combine(layoutDirectory, "oci-layout")))
        {
            if (Directory.Exists(layoutDirectory))
            {
                // umoci init refuses an existing directory, even an empty one.
                Directory.Delete(layoutDirectory);
            }

            await Umoci.InitLayoutAsync(layoutDirectory, cancellationToken);
        }

        await Umoci.NewImageAsync(layoutDirectory, tag, cancellationToken);

        var sourceFile = Path.Combine(Path.GetTempPath(), $"ocireg-layer-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(sourceFile, content.FileContent, cancellationToken);
            await Umoci.InsertAsync(layoutDirectory, tag, sourceFile, content.FilePath, cancellationToken);
        }
        finally
        {
            File.Delete(sourceFile);
        }

        List<string> flags =
        [
            "--config.env", content.Environment,
            "--config.label", $"{content.Label.Key}={content.Label.Value}",
        ];
        foreach (var argument in content.Command)
        {
            flags.Add("--config.cmd");
            flags.Add(argument);
        }

        await Umoci.ConfigAsync(layoutDirectory, tag, flags, cancellationToken);
        var digest = await ReadTaggedDigestAsync(layoutDirectory, tag, cancellationToken);
        return new OciLayoutImage(layoutDirectory, tag, digest);
    }

    /// <summary>Builds an image in a scratch directory of <paramref name="registry"/> and pushes it with
    /// <c>skopeo copy oci:DIR:TAG docker://HOST/REPO:TAG</c>, with the registry's TLS and credential flags.</summary>
    public async Task<PushedImage> PushAsync(
        RegistryFixture registry,
        string repository,
        string tag = "latest",
        TestImageContent? content = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var layout = await BuildLayoutAsync(registry.CreateScratchDirectory("layout"), tag, content, cancellationToken);
        var digest = await Skopeo.CopyAsync(
            layout.SkopeoReference,
            registry.DockerReference(repository, tag),
            destinationAccess: registry.GetSkopeoAccess(),
            cancellationToken: cancellationToken);
        if (digest != layout.ManifestDigest)
        {
            throw new InvalidOperationException(
                $"skopeo pushed {digest}, but the layout's manifest is {layout.ManifestDigest}: the manifest was rewritten.");
        }

        return new PushedImage(repository, tag, digest, registry.Reference(repository, tag), layout);
    }

    private static async Task<Digest> ReadTaggedDigestAsync(string layoutDirectory, string tag, CancellationToken cancellationToken)
    {
        await using var index = File.OpenRead(Path.Combine(layoutDirectory, "index.json"));
        using var document = await JsonDocument.ParseAsync(index, cancellationToken: cancellationToken);
        foreach (var manifest in document.RootElement.GetProperty("manifests").EnumerateArray())
        {
            if (manifest.TryGetProperty("annotations", out var annotations)
                && annotations.TryGetProperty("org.opencontainers.image.ref.name", out var name)
                && name.GetString() == tag)
            {
                return Digest.Parse(manifest.GetProperty("digest").GetString()!);
            }
        }

        throw new InvalidOperationException($"{layoutDirectory}/index.json has no manifest tagged '{tag}'.");
    }
}
