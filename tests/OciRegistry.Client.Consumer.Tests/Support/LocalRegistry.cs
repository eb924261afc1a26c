using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Consumer.Tests.Support;

/// <summary>
/// Debian's docker-registry (CNCF Distribution) on a free loopback port, optionally with one htpasswd user: what a
/// user of the packages would run beside them. Written here because this project references only the packages.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private LocalRegistry(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Host = $"127.0.0.1:{port}";
    }

    /// <summary>Gets the registry as written in image references.</summary>
    public string Host { get; }

    public static async Task<LocalRegistry> StartAsync(string? user = null, string? password = null)
    {
        var directory = Directory.CreateTempSubdirectory("ocireg-consumer-").FullName;
        var port = FreePort();
        var auth = string.Empty;
        if (user is not null)
        {
            var htpasswd = Path.Combine(directory, "htpasswd");
            await File.WriteAllTextAsync(htpasswd, $"{user}:{BCrypt.Net.BCrypt.HashPassword(password)}\n");
            auth = $"auth:\n  htpasswd:\n    realm: consumer\n    path: \"{htpasswd}\"\n";
        }

        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: "{Path.Combine(directory, "storage")}"
              delete:
                enabled: true
            http:
              addr: "127.0.0.1:{port}"

            """ + auth);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("OCIREG_REGISTRY_BIN") ?? "docker-registry")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new LocalRegistry(process, directory, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{registry.Host}/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return registry;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {registry.Host} within 10 seconds.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
