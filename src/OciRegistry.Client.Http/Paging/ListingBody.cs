using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OciRegistry.Client.Http.Paging;

/// <summary>Reads the JSON body of one listing page (tags, catalog) under a size cap.</summary>
internal static class ListingBody
{
    /// <summary>
    /// The largest page body read: 32 MiB. Registries that ignore <c>n</c> (Distribution 2.8 on tags) send every entry
    /// in one page, so this is far above a 1000-entry page, yet it bounds what a misbehaving server can make us buffer.
    /// </summary>
    public const int MaxSize = 32 * 1024 * 1024;

    /// <summary>Reads and deserializes a page; <paramref name="what"/> names the listing in errors.</summary>
    public static async Task<T> ReadAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> type, string registry, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > MaxSize)
        {
            throw new OciRegistryException($"Registry {registry} answered {what} with a {declared}-byte page, more than the limit of {MaxSize} bytes.");
        }

        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                memory = memory[..(int)Math.Min(memory.Length, (long)MaxSize + 1 - buffer.WrittenCount)];
                var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > MaxSize)
                {
                    throw new OciRegistryException($"Registry {registry} answered {what} with a page larger than the limit of {MaxSize} bytes; reading stopped there.");
                }
            }
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, type)
                ?? throw new OciRegistryException($"Registry {registry} answered {what} with JSON null.");
        }
        catch (JsonException e)
        {
            throw new OciRegistryException($"Registry {registry} answered {what} with a body that is not the expected JSON: {e.Message}", e);
        }
    }
}
