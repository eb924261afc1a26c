using System.Collections.Concurrent;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

/// <summary>
/// How a sync's blob uploads reach the destination registry. The sync wraps the destination repository (dedupe across
/// images, the run-wide upload bound); the wrapper must hand the copy engine's pipe to the registry client, whose
/// request body then sends the pipe's buffers as they are. The body's type is the trace that path leaves: the
/// registry client sends a pipe as <c>PipeReaderContent</c> and a stream as <c>HashingStreamContent</c>, which copies
/// every byte once more.
/// </summary>
public sealed class SyncUploadTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly ConcurrentQueue<string> _uploadBodies = new();
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public SyncUploadTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _harness = new SyncHarness(() => new UploadBodyRecorder(destination.Host, _uploadBodies), source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task Every_blob_a_sync_uploads_is_sent_from_the_engines_pipe()
    {
        var repository = _source.NewRepository("uploads/pipe");
        // Base layers of 300 KiB are asked about and sent after a HEAD; the small config and layer are sent unasked.
        var pushed = await _harness.PushImagesAsync(_source, repository, ["a", "b"], baseLayerSize: 300 * 1024);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("pipe")}";

        var result = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Registry(prefix));

        Assert.Equal(2, result.Copied);
        Assert.All(result.Images, i => Assert.Equal(pushed[i.Source[(i.Source.LastIndexOf(':') + 1)..]], i.DestinationDigest));
        // Two shared base layers, and a config and a layer per image.
        Assert.Equal(6, _uploadBodies.Count);
        Assert.All(_uploadBodies, body => Assert.Equal("PipeReaderContent", body));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    /// <summary>Records the body type of every request that carries blob bytes to the destination (PATCH or PUT of an upload).</summary>
    private sealed class UploadBodyRecorder(string host, ConcurrentQueue<string> bodies) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if ($"{uri.Host}:{uri.Port}" == host
                && uri.AbsolutePath.Contains("/blobs/uploads/", StringComparison.Ordinal)
                && (request.Method == HttpMethod.Patch || request.Method == HttpMethod.Put)
                && request.Content is { } content)
            {
                bodies.Enqueue(content.GetType().Name);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
