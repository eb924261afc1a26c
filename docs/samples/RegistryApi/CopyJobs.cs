using System.Collections.Concurrent;
using System.Threading.Channels;
using OciRegistry.Client;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;

namespace RegistryApi;

/// <summary>
/// The copies asked for over the API: queued in a channel and run one at a time by this background service, with
/// their status kept in memory for <c>GET /copies/{id}</c>. Stopping the host cancels the copy in flight.
/// </summary>
public sealed partial class CopyJobs(OciRegistryClient client, ImageCopier copier, ILogger<CopyJobs> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, CopyJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Queues a copy and returns its status.</summary>
    /// <param name="source">The image to read.</param>
    /// <param name="destination">Where to write it.</param>
    /// <returns>The queued job.</returns>
    public CopyJob Enqueue(string source, string destination)
    {
        var job = new CopyJob(Guid.NewGuid().ToString("n"), source, destination, CopyState.Queued, null, null, 0);
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job.Id);
        return job;
    }

    /// <summary>Returns a job's status, or <see langword="null"/> for an unknown id.</summary>
    /// <param name="id">The job's id.</param>
    /// <returns>The status.</returns>
    public CopyJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var job = _jobs[id] with { State = CopyState.Running };
            _jobs[id] = job;
            try
            {
                var source = ImageReference.Parse(job.Source).WithDefaultTag();
                var destination = ImageReference.Parse(job.Destination).WithDefaultTag();
                var result = await copier.CopyAsync(
                    client.GetRepository(source),
                    source.Digest?.ToString() ?? source.Tag!,
                    client.GetRepository(destination, RepositoryAccess.PullPush),
                    destination.Tag,
                    cancellationToken: stoppingToken);
                _jobs[id] = job with { State = CopyState.Succeeded, Digest = result.Manifest.Digest.ToString(), BytesTransferred = result.BytesTransferred };
                Copied(logger, id, job.Source, job.Destination, result.Manifest.Digest.ToString());
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _jobs[id] = job with { State = CopyState.Failed, Error = e.Message };
                CopyFailed(logger, id, job.Source, job.Destination, e);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Copy {Id}: {Source} to {Destination} done at {Digest}")]
    private static partial void Copied(ILogger logger, string id, string source, string destination, string digest);

    [LoggerMessage(2, LogLevel.Error, "Copy {Id}: {Source} to {Destination} failed")]
    private static partial void CopyFailed(ILogger logger, string id, string source, string destination, Exception exception);
}
