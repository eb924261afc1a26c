using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync;

namespace OciRegistry.Client.Benchmarks.SyncScale;

/// <summary>
/// <c>sync-scale</c>: syncs simulated fleets of several sizes (by default 1,000, 10,000 and 50,000 images, in
/// repositories of 1,000 tags named in one sync YAML source) from a <see cref="SimulatedRegistry"/> to another, each
/// size in a process of its own, and prints per size the time and memory per image: wall time, bytes allocated,
/// bytes still held when the sync has returned (its result included), and the peak of the process's RSS and managed
/// heap above what they were before the sync. Flat figures per image across sizes mean the cost of an image does not
/// grow with the run. No network: the registry client's pipeline ends in the simulated registry instead of a socket.
/// Each size runs on the JIT runtime with the 2 MiB gen0 budget of the ocireg binary (<c>DOTNET_GCgen0size=200000</c>,
/// unless the environment sets it).
/// </summary>
internal static class SyncScaleMeasurement
{
    private const string Header = "images\trepositories\twall_s\tus_per_image\talloc_kib_per_image\tretained_b_per_image\tstore_mib\trss_before_mib\tpeak_rss_above_mib\tpeak_heap_above_mib\trequests_per_image\tgc0_gc1_gc2";

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--images", "1000,10000,50000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var perRepository = Option(args, "--tags-per-repository", "1000");
        var parallel = Option(args, "--parallel", SyncOptions.DefaultMaxConcurrentImages.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine(Header);
        foreach (var size in sizes)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };

            // A 2 MiB gen0 budget, the one the ocireg binary embeds, so that the peaks are those of the CLI's GC rather
            // than of a default budget sized from the cache (tens of MiB). The JIT runtime takes it as the gen0 size;
            // set the variable to choose another.
            if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null)
            {
                start.Environment["DOTNET_GCgen0size"] = "200000";
            }

            foreach (var a in (string[])["sync-scale-run", "--images", size.ToString(CultureInfo.InvariantCulture), "--tags-per-repository", perRepository, "--parallel", parallel])
            {
                start.ArgumentList.Add(a);
            }

            // Under "dotnet NAME.dll" the process is the host, which needs the assembly first; an apphost runs itself.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Insert(0, typeof(SyncScaleMeasurement).Assembly.Location);
            }

            using var child = Process.Start(start)!;
            var line = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await child.WaitForExitAsync().ConfigureAwait(false);
            if (child.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"The run of {size} images failed (exit {child.ExitCode}).").ConfigureAwait(false);
                return 1;
            }

            Console.Write(line);
        }

        return 0;
    }

    /// <summary>One size, in this process: prints one line of the table.</summary>
    public static async Task<int> RunOneAsync(string[] args)
    {
        var images = int.Parse(Option(args, "--images", "1000"), CultureInfo.InvariantCulture);
        var perRepository = int.Parse(Option(args, "--tags-per-repository", "1000"), CultureInfo.InvariantCulture);
        var parallel = int.Parse(Option(args, "--parallel", "4"), CultureInfo.InvariantCulture);
        var repositories = Math.Max(1, images / perRepository);
        var tags = images / repositories;

        var registry = new SimulatedRegistry(repositories, tags);
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[SimulatedRegistry.SourceHost] = new RegistryHostOptions { Insecure = true };
            o.Registries[SimulatedRegistry.DestinationHost] = new RegistryHostOptions { Insecure = true };
        }).AddSync();

        // Registered after the client's own configuration, so it replaces the socket handler of every named client.
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = registry.CreateHandler()));
        await using var provider = services.BuildServiceProvider();
        var syncer = provider.GetRequiredService<ImageSyncer>();

        var yaml = new StringBuilder().Append(SimulatedRegistry.SourceHost).Append(":\n  tls-verify: false\n  images:\n");
        for (var r = 0; r < repositories; r++)
        {
            yaml.Append("    ").Append(SimulatedRegistry.RepositoryName(r)).Append(": []\n");
        }

        var source = SyncSource.ParseYaml(yaml.ToString(), "the simulated fleet");
        var destination = SyncDestination.Registry(SimulatedRegistry.DestinationHost + "/mirror");
        var options = new SyncOptions { MaxConcurrentImages = parallel };

        using var allocations = args.Contains("--allocations") ? new AllocationSampler() : null;
        var store = GC.GetTotalMemory(forceFullCollection: true);
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var rssBefore = Rss("VmRSS");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var requestsBefore = registry.Requests;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(
            async () =>
            {
                long peakRss = 0, peakHeap = 0;
                while (!stop.IsCancellationRequested)
                {
                    peakRss = Math.Max(peakRss, Rss("VmRSS"));
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
                }

                return (peakRss, peakHeap);
            },
            CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var result = await syncer.SyncAsync(source, destination, options, progress: null, CancellationToken.None).ConfigureAwait(false);
        var wall = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        var (peakRssSampled, peakHeap) = await sampler.ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var during = string.Create(CultureInfo.InvariantCulture, $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}");
        var retained = GC.GetTotalMemory(forceFullCollection: true) - store;
        var requests = registry.Requests - requestsBefore;
        if (result.Copied != images || registry.DestinationManifests != images)
        {
            await Console.Error.WriteLineAsync($"Expected {images} images copied; the sync copied {result.Copied}, the destination holds {registry.DestinationManifests}.").ConfigureAwait(false);
            return 1;
        }

        GC.KeepAlive(result);
        foreach (var (type, bytes) in allocations?.Top(40) ?? [])
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / images,10:F1} KiB/image  {type}")).ConfigureAwait(false);
        }

        var peakRss = Math.Max(peakRssSampled, Rss("VmHWM"));
        const double MiB = 1024 * 1024;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{images}\t{repositories}\t{wall.TotalSeconds:F2}\t{wall.TotalMicroseconds / images:F0}\t{allocated / 1024.0 / images:F1}\t{retained / (double)images:F0}\t{store / MiB:F1}\t{rssBefore / MiB:F1}\t{(peakRss - rssBefore) / MiB:F1}\t{(peakHeap - store) / MiB:F1}\t{requests / (double)images:F2}\t{during}"));
        return 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    // A field of /proc/self/status in bytes (VmRSS now, VmHWM the peak); 0 where there is no /proc.
    private static long Rss(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
