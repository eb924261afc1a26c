using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MirrorWorker;

/// <summary>Builds the worker's host: the SDK bound from the <c>OciRegistry</c> section, the copy engine, and the mirror loop.</summary>
public static class MirrorWorkerApp
{
    /// <summary>Builds the host from the command line, environment and appsettings.json.</summary>
    /// <param name="args">Command-line arguments; any configuration key as <c>--Key=value</c>.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services
            .AddOciRegistryClient(builder.Configuration.GetSection("OciRegistry"))
            .AddCopyEngine();
        builder.Services.AddSingleton(MirrorSettings.Read(builder.Configuration.GetSection("Mirror")));
        builder.Services.AddHostedService<MirrorService>();
        return builder.Build();
    }
}
