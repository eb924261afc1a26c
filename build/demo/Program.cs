using System.Net;
using System.Net.Http.Headers;
using OciRegistry.Client;
using OciRegistry.Client.Models;

// Reads an image from a plain-HTTP loopback registry with the Abstractions package alone: parses the reference,
// pings /v2/, fetches and verifies the manifest, fetches and verifies the config, and prints what it found. The
// registry client of issue 3 replaces the raw HttpClient calls here.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: OciRegistry.Client.Demo HOST:PORT/REPOSITORY:TAG");
    return 1;
}

Console.WriteLine("== Image references (distribution grammar, Docker Hub normalisation)");
foreach (var text in new[] { "nginx", "ghcr.io/org/app:1.2", "localhost:5000/team/tool@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Nginx", args[0] })
{
    if (ImageReference.TryParse(text, out var parsed))
    {
        Console.WriteLine($"  {text,-40} -> {parsed.WithDefaultTag()}  (familiar: {parsed.ToFamiliarString()})");
    }
    else
    {
        try
        {
            ImageReference.Parse(text);
        }
        catch (InvalidReferenceException e)
        {
            Console.WriteLine($"  {text,-40} -> rejected: {e.Message}");
        }
    }
}

var reference = ImageReference.Parse(args[0]).WithDefaultTag();
using var http = new HttpClient { BaseAddress = new Uri($"http://{reference.Registry}/"), Timeout = TimeSpan.FromSeconds(10) };

Console.WriteLine();
Console.WriteLine($"== Ping http://{reference.Registry}/v2/");
using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
{
    while (true)
    {
        try
        {
            using var ping = await http.GetAsync("v2/", cancel.Token);
            Console.WriteLine($"  {(int)ping.StatusCode} {ping.StatusCode}, API version {string.Join(",", ping.Headers.TryGetValues("Docker-Distribution-API-Version", out var v) ? v : ["?"])}");
            break;
        }
        catch (HttpRequestException) when (!cancel.IsCancellationRequested)
        {
            await Task.Delay(100, cancel.Token);
        }
    }
}

Console.WriteLine();
Console.WriteLine($"== Manifest of {reference}");
var manifestPath = $"v2/{reference.Repository}/manifests/{Uri.EscapeDataString(reference.Tag ?? reference.Digest!.ToString())}";
using var request = new HttpRequestMessage(HttpMethod.Get, manifestPath);
foreach (var type in MediaTypes.AcceptedManifestTypes)
{
    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
}

using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
if (response.StatusCode != HttpStatusCode.OK)
{
    Console.Error.WriteLine($"  the registry answered {(int)response.StatusCode} for {manifestPath}");
    return 2;
}

var manifest = await Manifest.ReadAsync(
    await response.Content.ReadAsStreamAsync(),
    response.Content.Headers.ContentType?.ToString(),
    reference.Digest);
var served = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? Digest.Parse(values.First()) : null;
if (served is not null && served != manifest.Digest)
{
    throw new DigestMismatchException(served, manifest.Digest);
}

Console.WriteLine($"  {manifest.Kind} {manifest.MediaType}, {manifest.Size} bytes");
Console.WriteLine($"  digest {manifest.Digest} (hashed here; Docker-Content-Digest {(served is null ? "absent" : "agrees")})");
if (manifest.Image is not { } image)
{
    return 0;
}

foreach (var layer in image.Layers)
{
    Console.WriteLine($"  layer {layer.Digest} {layer.Size,10} bytes {layer.MediaType}");
}

var configBytes = await http.GetByteArrayAsync($"v2/{reference.Repository}/blobs/{image.Config.Digest}");
image.Config.Digest.Verify(configBytes);
var config = ImageConfig.Parse(configBytes);
Console.WriteLine($"  config {image.Config.Digest} verified: {config.OS}/{config.Architecture}, created {config.Created:u}");
Console.WriteLine($"  env {string.Join(" ", config.Config?.Env ?? [])}");
Console.WriteLine($"  cmd {string.Join(" ", config.Config?.Cmd ?? [])}");
Console.WriteLine($"  labels {string.Join(", ", (config.Config?.Labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}"))}");
Console.WriteLine($"DIGEST {manifest.Digest}");
return 0;
