using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.CopyBenchmark;

/// <summary>
/// <c>copy SRC DEST</c>: builds the container a host would (<c>AddOciRegistryClient</c> with the loopback registries
/// insecure, <c>AddCopyEngine</c> with its defaults), copies one image and prints the manifest digest written.
/// </summary>
internal static class CopyCommand
{
    public static async Task RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        if (line.Positional.Count != 2)
        {
            throw new ArgumentException("copy takes a source and a destination.");
        }

        var insecure = line.All("--insecure-source-registry").Concat(line.All("--insecure-destination-registry")).ToList();
        var sourceLocation = ImageLocation.Parse(line.Positional[0]);
        var destinationLocation = ImageLocation.Parse(line.Positional[1]);
        foreach (var location in new[] { sourceLocation, destinationLocation })
        {
            if (location.RegistryReference is { } reference && IsLoopback(reference.Registry))
            {
                insecure.Add(reference.Registry);
            }
        }

        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            foreach (var registry in insecure)
            {
                o.Registries[registry] = new RegistryHostOptions { Insecure = true };
            }
        }).AddCopyEngine(o =>
        {
            if (line.Optional("--image-parallel-copies") is not null)
            {
                o.MaxConcurrentBlobs = (int)line.Int64("--image-parallel-copies", o.MaxConcurrentBlobs);
            }
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var opener = provider.GetRequiredService<ImageOpener>();
        var copier = provider.GetRequiredService<ImageCopier>();

        var source = await opener.OpenSourceAsync(sourceLocation).ConfigureAwait(false);
        await using var releaseSource = source.ConfigureAwait(false);
        var destination = await opener.OpenDestinationAsync(destinationLocation).ConfigureAwait(false);
        await using var releaseDestination = destination.ConfigureAwait(false);
        var result = await copier.CopyAsync(source.Source, source.Reference, destination.Destination, destination.Tag).ConfigureAwait(false);
        Console.WriteLine(result.Manifest.Digest);
    }

    private static bool IsLoopback(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
