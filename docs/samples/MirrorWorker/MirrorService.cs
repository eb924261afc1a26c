using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;

namespace MirrorWorker;

/// <summary>
/// Copies every configured image on a schedule. A pass runs at start and then on every tick of a
/// <see cref="PeriodicTimer"/>; stopping the host cancels the token, which stops a copy in flight (no manifest is
/// pushed after it fires) and ends the loop. One image failing is logged and does not stop the others.
/// </summary>
public sealed partial class MirrorService(
    OciRegistryClient client,
    ImageCopier copier,
    MirrorSettings settings,
    IHostApplicationLifetime lifetime,
    ILogger<MirrorService> logger) : BackgroundService
{
    /// <summary>Gets how many images the last pass copied without error.</summary>
    public int LastPassSucceeded { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval);
        try
        {
            do
            {
                await MirrorAllAsync(stoppingToken);
                if (settings.RunOnce)
                {
                    lifetime.StopApplication();
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Stopping(logger);
        }
    }

    private async Task MirrorAllAsync(CancellationToken cancellationToken)
    {
        var succeeded = 0;
        foreach (var image in settings.Images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var source = client.GetRepository(image.Source);
                var destination = client.GetRepository(image.Destination, RepositoryAccess.PullPush);
                var result = await copier.CopyAsync(
                    source,
                    image.Source.Digest?.ToString() ?? image.Source.Tag!,
                    destination,
                    image.Destination.Tag,
                    cancellationToken: cancellationToken);
                Mirrored(logger, image.Source.ToString(), image.Destination.ToString(), result.Manifest.Digest.ToString(), result.BytesTransferred, result.Blobs.Count);
                succeeded++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                MirrorFailed(logger, image.Source.ToString(), image.Destination.ToString(), e);
            }
        }

        LastPassSucceeded = succeeded;
        PassDone(logger, succeeded, settings.Images.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Mirrored {Source} to {Destination} at {Digest}: {Bytes} bytes in {Blobs} blobs")]
    private static partial void Mirrored(ILogger logger, string source, string destination, string digest, long bytes, int blobs);

    [LoggerMessage(2, LogLevel.Error, "Mirroring {Source} to {Destination} failed")]
    private static partial void MirrorFailed(ILogger logger, string source, string destination, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Mirror pass done: {Succeeded} of {Total} images")]
    private static partial void PassDone(ILogger logger, int succeeded, int total);

    [LoggerMessage(4, LogLevel.Information, "Mirror worker stopping")]
    private static partial void Stopping(ILogger logger);
}
