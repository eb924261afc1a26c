using System.Net;
using System.Net.Sockets;
using OciRegistry.Client.Trust.Signatures;

namespace OciRegistry.Client.Trust.Tests.Signatures;

/// <summary>The lookaside reader over a loopback HTTP server whose answers each test scripts.</summary>
public sealed class LookasideStoreTests : IDisposable
{
    private static readonly Digest Manifest = Digest.Compute("manifest"u8);
    private static readonly ImageReference Repository = ImageReference.Parse("example.com/team/app:1");
    private readonly HttpListener _listener = new();
    private readonly int _port;

    public LookasideStoreTests()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
    }

    public void Dispose() => _listener.Close();

    [Fact]
    public async Task Signatures_are_read_in_order_until_the_first_missing_one()
    {
        _ = Serve(path => path.EndsWith("/signature-1", StringComparison.Ordinal) ? (200, "one"u8.ToArray(), null)
            : path.EndsWith("/signature-2", StringComparison.Ordinal) ? (200, "two"u8.ToArray(), null)
            : (404, [], null));
        using var store = new LookasideStore(1024, TimeSpan.FromSeconds(10));

        var found = await ReadAllAsync(store);

        Assert.Equal(["signature-1", "signature-2"], found.Select(f => f.Name));
        Assert.Equal("two"u8.ToArray(), found[1].Content);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_refused_without_following_it()
    {
        _ = Serve(_ => (302, [], "http://203.0.113.7/elsewhere/signature-1"));
        using var store = new LookasideStore(1024, TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<SignatureStoreException>(() => ReadAllAsync(store));

        Assert.Contains("refusing a redirect to another origin (http://203.0.113.7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_over_the_size_limit_is_refused()
    {
        _ = Serve(_ => (200, new byte[4096], null));
        using var store = new LookasideStore(1024, TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<SignatureStoreException>(() => ReadAllAsync(store));

        Assert.Contains("larger than the limit of 1024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Written_signatures_replace_the_previous_ones()
    {
        var directory = Directory.CreateTempSubdirectory("lookaside-").FullName;
        try
        {
            var lookaside = new Uri("file://" + directory);
            await LookasideStore.WriteAsync(lookaside, Repository, Manifest, ["a"u8.ToArray(), "b"u8.ToArray()], CancellationToken.None);
            await LookasideStore.WriteAsync(lookaside, Repository, Manifest, ["c"u8.ToArray()], CancellationToken.None);
            using var store = new LookasideStore(1024, TimeSpan.FromSeconds(10));

            var found = new List<(string Name, byte[] Content)>();
            await foreach (var signature in store.ReadAsync(lookaside, Repository, Manifest, CancellationToken.None))
            {
                found.Add(signature);
            }

            Assert.Equal("c"u8.ToArray(), Assert.Single(found).Content);
            Assert.True(File.Exists(Path.Combine(directory, $"team/app@sha256={Manifest.Encoded}", "signature-1")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<List<(string Name, byte[] Content)>> ReadAllAsync(LookasideStore store)
    {
        var found = new List<(string Name, byte[] Content)>();
        await foreach (var signature in store.ReadAsync(new Uri($"http://127.0.0.1:{_port}/sigs"), Repository, Manifest, CancellationToken.None))
        {
            found.Add(signature);
        }

        return found;
    }

    // Answers requests until the listener closes; each answer from the script, by path.
    private Task Serve(Func<string, (int Status, byte[] Body, string? Location)> script) => Task.Run(async () =>
    {
        for (var i = 0; i < 8; i++)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var (status, body, location) = script(context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.Headers["Location"] = location;
            }

            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    });
}
