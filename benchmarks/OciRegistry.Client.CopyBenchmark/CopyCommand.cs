using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.CopyBenchmark;

/// <summary>
/// <c>copy SRC DEST</c>: builds the container a host would (<c>AddOciRegistryClient</c> with the loopback registries
/// insecure, <c>AddCopyEngine</c> with its defaults), copies one image and prints the manifest digest written.
/// </summary>
internal static class CopyCommand
{
    private const string RegistryPrefix = "docker://";

    public static async Task RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        if (line.Positional.Count != 2)
        {
            throw new ArgumentException("copy takes a source and a destination.");
        }

        var insecure = line.All("--insecure-source-registry").Concat(line.All("--insecure-destination-registry")).ToList();
        var sourceText = line.Positional[0];
        var destinationText = line.Positional[1];
        foreach (var text in new[] { sourceText, destinationText })
        {
            if (text.StartsWith(RegistryPrefix, StringComparison.Ordinal)
                && ImageReference.Parse(text[RegistryPrefix.Length..]) is { } reference
                && IsLoopback(reference.Registry))
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
        var client = provider.GetRequiredService<OciRegistryClient>();
        var copier = provider.GetRequiredService<ImageCopier>();

        var (source, sourceReference, disposeSource) = await OpenSourceAsync(client, sourceText).ConfigureAwait(false);
        try
        {
            var (destination, tag, disposeDestination) = OpenDestination(client, destinationText);
            try
            {
                var result = await copier.CopyAsync(source, sourceReference, destination, tag).ConfigureAwait(false);
                Console.WriteLine(result.Manifest.Digest);
            }
            finally
            {
                disposeDestination?.Dispose();
            }
        }
        finally
        {
            disposeSource?.Dispose();
        }
    }

    private static async Task<(IImageSource Source, string Reference, IDisposable? Dispose)> OpenSourceAsync(OciRegistryClient client, string text)
    {
        if (text.StartsWith(RegistryPrefix, StringComparison.Ordinal))
        {
            var reference = ImageReference.Parse(text[RegistryPrefix.Length..]);
            var tagOrDigest = reference.Digest?.ToString() ?? reference.Tag ?? ImageReference.DefaultTag;
            return (client.GetRepository(reference), tagOrDigest, null);
        }

        var location = ImageLocation.Parse(text);
        var source = await location.OpenSourceAsync().ConfigureAwait(false);
        return (source, location.SourceReference, source as IDisposable);
    }

    private static (IImageDestination Destination, string? Tag, IDisposable? Dispose) OpenDestination(OciRegistryClient client, string text)
    {
        if (text.StartsWith(RegistryPrefix, StringComparison.Ordinal))
        {
            var reference = ImageReference.Parse(text[RegistryPrefix.Length..]);
            var tag = reference.Digest is null ? reference.Tag ?? ImageReference.DefaultTag : null;
            return (client.GetRepository(reference, RepositoryAccess.PullPush), tag, null);
        }

        var location = ImageLocation.Parse(text);
        var destination = location.CreateDestination();
        return (destination, location.Tag, destination as IDisposable);
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
