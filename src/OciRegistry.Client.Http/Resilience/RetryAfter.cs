namespace OciRegistry.Client.Http;

/// <summary>Reads <c>Retry-After</c> in both of its forms: a number of seconds, or an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Parse(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
