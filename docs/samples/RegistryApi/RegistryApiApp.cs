using OciRegistry.Client;
using OciRegistry.Client.Http;

namespace RegistryApi;

/// <summary>
/// A minimal API over the SDK: inspect an image, list a repository's tags, and copy an image as a background
/// operation whose status is polled; <c>/health</c> runs the registry health check.
/// </summary>
public static class RegistryApiApp
{
    /// <summary>Builds the application from the command line, environment and appsettings.json.</summary>
    /// <param name="args">Command-line arguments; any configuration key as <c>--Key=value</c>, and <c>--urls</c>.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services
            .AddOciRegistryClient(builder.Configuration.GetSection("OciRegistry"))
            .AddCopyEngine()
            .AddOciRegistryHealthCheck();
        builder.Services.AddSingleton<CopyJobs>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<CopyJobs>());

        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapGet("/inspect", InspectAsync);
        app.MapGet("/tags", ListTagsAsync);
        app.MapPost("/copies", (CopyRequest request, CopyJobs jobs) =>
        {
            if (!ImageReference.TryParse(request.Source, out _) || !ImageReference.TryParse(request.Destination, out _))
            {
                return Results.BadRequest(new ApiError("source and destination must be image references, such as localhost:5000/app:1.0"));
            }

            var job = jobs.Enqueue(request.Source, request.Destination);
            return Results.Accepted($"/copies/{job.Id}", job);
        });
        app.MapGet("/copies/{id}", (string id, CopyJobs jobs) => jobs.Find(id) is { } job ? Results.Ok(job) : Results.NotFound());
        return app;
    }

    private static async Task<IResult> InspectAsync(string reference, OciRegistryClient client, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(reference, out var parsed))
        {
            return Results.BadRequest(new ApiError($"{reference} is not an image reference"));
        }

        parsed = parsed.WithDefaultTag();
        var manifest = await client.GetRepository(parsed).FetchManifestAsync(parsed.Digest?.ToString() ?? parsed.Tag!, cancellationToken);
        var layers = manifest.Image?.Layers.Select(l => new LayerInfo(l.Digest.ToString(), l.MediaType, l.Size)).ToList();
        var instances = manifest.Index?.Manifests.Select(m => new InstanceInfo(m.Digest.ToString(), m.MediaType, m.Platform?.ToString())).ToList();
        return Results.Ok(new InspectResult(parsed.ToString(), manifest.Digest.ToString(), manifest.MediaType, manifest.Size, layers, instances));
    }

    private static async Task<IResult> ListTagsAsync(string repository, OciRegistryClient client, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        await foreach (var tag in client.GetRepository(repository).ListTagsAsync(cancellationToken: cancellationToken))
        {
            tags.Add(tag);
        }

        return Results.Ok(new TagList(repository, tags));
    }
}
