using System.Net;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>Which failures are worth another attempt: the network, timeouts, 408, 429 and 5xx.</summary>
internal static class TransientFailures
{
    /// <summary>Tells whether <paramref name="exception"/> is transient; never a cancellation the caller asked for.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => false,

        // Verification failures and refusals are final: the same bytes would fail the same way.
        DigestMismatchException or ImageCopyException => false,
        TooManyRequestsException => true,
        OciRegistryException { StatusCode: { } status } => IsTransient(status),
        OciRegistryException { InnerException: { } inner } => IsTransient(inner, cancellationToken),
        OciRegistryException => false,
        IOException or HttpRequestException => true,

        // HttpClient's timeout, not the caller's token.
        OperationCanceledException => true,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
