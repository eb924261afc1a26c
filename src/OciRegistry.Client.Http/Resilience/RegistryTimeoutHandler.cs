using System.Globalization;
using OciRegistry.Client.Http.Transport;
using OciRegistry.Client.Resilience;

namespace OciRegistry.Client.Http.Resilience;

/// <summary>
/// Bounds how long a host may stay silent, innermost in a registry's pipeline (so it also bounds the token requests
/// the authentication handler sends through it): a request that can be resent waits at most
/// <see cref="RegistryTimeoutOptions.ResponseHeaders"/> for its response headers, and every read of a response body
/// at most <see cref="RegistryTimeoutOptions.IdleRead"/> for its next byte. Either failure names the host and what
/// was being read, and is transient (<see cref="TransientFailures"/>): a header timeout is an
/// <see cref="HttpRequestException"/>, a body timeout an <see cref="IOException"/>, each caused by a
/// <see cref="TimeoutException"/>.
/// </summary>
internal sealed class RegistryTimeoutHandler(RegistryTimeoutOptions timeouts, bool storage) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;

        // A streaming body (an upload) is answered only once it is all sent, which takes as long as it takes.
        if (!TransientFailures.CanResend(request))
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headers.CancelAfter(timeouts.ResponseHeaders);
            try
            {
                response = await base.SendAsync(request, headers.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (headers.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Host(request.RequestUri)} sent no response headers for {Subject(request.Method, request.RequestUri, storage)} within {Seconds(timeouts.ResponseHeaders)} (Timeouts.ResponseHeaders).");
                throw new HttpRequestException(HttpRequestError.Unknown, message, new TimeoutException(message, e));
            }
        }

        // What was being read is worked out only if a read stalls, not for every response.
        response.Content = new IdleTimeoutContent(response.Content, timeouts.IdleRead, request.Method, request.RequestUri, storage);
        return response;
    }

    internal static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###} s");

    internal static string Host(Uri? uri) => uri?.Authority ?? "The host";

    /// <summary>What a request reads, in the user's terms: the distribution API's paths name their manifest, blob or listing.</summary>
    internal static string Subject(HttpMethod method, Uri? uri, bool storage)
    {
        var path = uri?.AbsolutePath ?? string.Empty;
        if (storage)
        {
            return $"the blob it stores ({method} {path})";
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments[0] != "v2")
        {
            return $"{method} {path}";
        }

        if (segments.Length == 1)
        {
            return "the API check (/v2/)";
        }

        var name = string.Join('/', segments[1..^Math.Min(2, segments.Length - 1)]);
        return segments switch
        {
            [.., "manifests", var reference] => $"manifest {Uri.UnescapeDataString(reference)} of {name}",
            [.., "blobs", "uploads"] or [.., "blobs", "uploads", _] => $"a blob upload to {string.Join('/', segments[1..^(segments[^1] == "uploads" ? 2 : 3)])}",
            [.., "blobs", var digest] => $"blob {digest} of {name}",
            [.., "tags", "list"] => $"the tag list of {name}",
            [.., "referrers", var digest] => $"the referrers of {digest} in {name}",
            ["v2", "_catalog"] => "the catalog",
            _ => $"{method} {path}",
        };
    }
}
