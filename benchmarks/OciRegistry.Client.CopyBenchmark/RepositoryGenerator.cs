using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.CopyBenchmark;

/// <summary>
/// <c>generate-repository</c>: pushes the sync workload (W3/W4) straight into a loopback registry — one
/// repository with N tags, each image sharing the same base layers and having one random layer and a config of its
/// own; with <c>--repositories M</c>, M repositories named NAME-00, NAME-01, … of N tags each (W6, a fleet), every
/// image of every repository on the same base layers. Layers are gzip streams of random bytes. Pushed with the SDK, so generating 100 images takes seconds, not 100 skopeo runs.
/// </summary>
internal static class RepositoryGenerator
{
    public static async Task RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        var registry = line.Required("--registry");
        var repository = line.Required("--repository");
        var tags = (int)line.Int64("--tags", 100);
        var baseLayers = (int)line.Int64("--base-layers", 2);
        var baseSize = (int)line.Int64("--base-size", 512 * 1024);
        var uniqueSize = (int)line.Int64("--unique-size", 128 * 1024);
        var seed = (int)line.Int64("--seed", 300);
        var repositories = (int)line.Int64("--repositories", 0);
        string[] names = repositories > 0
            ? [.. Enumerable.Range(0, repositories).Select(r => string.Create(CultureInfo.InvariantCulture, $"{repository}-{r:D2}"))]
            : [repository];

        var services = new ServiceCollection();
        services.AddOciRegistryClient(o => o.Registries[registry] = new RegistryHostOptions { Insecure = true });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OciRegistryClient>();
        for (var r = 0; r < names.Length; r++)
        {
            var target = client.GetRepository(ImageReference.Parse($"{registry}/{names[r]}"), RepositoryAccess.PullPush);
            var bases = new List<Descriptor>();
            for (var i = 0; i < baseLayers; i++)
            {
                bases.Add(await PushAsync(target, Random(baseSize, seed + i), MediaTypes.OciLayerGzip).ConfigureAwait(false));
            }

            // A fleet's images differ by repository too; W3's configs stay as they always were.
            var labels = repositories > 0 ? $"\"repository\":\"{names[r]}\"," : string.Empty;
            var uniqueSeed = seed + 1000 + (r * 100_000);
            await Parallel.ForEachAsync(Enumerable.Range(0, tags), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var tag = string.Create(CultureInfo.InvariantCulture, $"v{i}");
                var config = await PushAsync(
                    target,
                    Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{{{{labels}}}"tag":"{{{tag}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}"""),
                    MediaTypes.OciConfig).ConfigureAwait(false);
                var own = await PushAsync(target, Random(uniqueSize, uniqueSeed + i), MediaTypes.OciLayerGzip).ConfigureAwait(false);
                var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [.. bases, own] });
                await target.PushManifestAsync(manifest, tag, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        Console.WriteLine($"{registry}/{repository}: {names.Length} repositories of {tags} tags");
    }

    private static async Task<Descriptor> PushAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream)).ConfigureAwait(false);
        return descriptor;
    }

    // A real gzip stream of random bytes (about the size asked for): skopeo recompresses layers that claim gzip but
    // are not, which would measure its compressor instead of its sync.
    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
