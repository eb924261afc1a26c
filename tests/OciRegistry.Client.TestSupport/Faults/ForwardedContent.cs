using System.Net;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// The client's request body sent upstream as it arrives. When the body reaches its reset point, what was read is
/// flushed before the failure aborts the upstream request, so the upstream receives exactly those bytes.
/// </summary>
internal sealed class ForwardedContent(RequestBody body, long? length) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await body.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException) when (body.ResetReached)
            {
                await stream.FlushAsync(cancellationToken);
                throw;
            }

            if (read == 0)
            {
                return;
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length ?? 0;
        return length is not null;
    }
}
