using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Sync;

/// <summary>
/// One of <see cref="Count"/> parts of a sync's work list (written <c>K/N</c>). An image belongs to the shard
/// <c>H mod N</c>, where H is the first 8 bytes (big-endian) of the SHA-256 of its source reference: stable across
/// processes, machines and .NET versions, so N processes given 0/N … N-1/N sync every image exactly once, and a
/// rerun of one shard picks the same images.
/// </summary>
public sealed record SyncShard
{
    /// <summary>Creates a shard.</summary>
    /// <param name="index">This shard, from 0 to <paramref name="count"/> − 1.</param>
    /// <param name="count">The number of shards, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index or the count is out of range.</exception>
    public SyncShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>Gets this shard's number, from 0.</summary>
    public int Index { get; }

    /// <summary>Gets the number of shards.</summary>
    public int Count { get; }

    /// <summary>Parses <c>K/N</c>, for example <c>2/5</c> (a Kubernetes Indexed Job's completion index over its completions).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">The text is not <c>K/N</c> with 0 ≤ K &lt; N.</exception>
    public static SyncShard Parse(string value) =>
        TryParse(value, out var shard) ? shard : throw new FormatException($"\"{value}\" is not a shard K/N with 0 <= K < N, for example 0/3.");

    /// <summary>Parses <c>K/N</c> without throwing.</summary>
    /// <param name="value">The text.</param>
    /// <param name="shard">The shard when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SyncShard? shard)
    {
        shard = null;
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0
            || !int.TryParse(value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            return false;
        }

        shard = new SyncShard(index, count);
        return true;
    }

    /// <summary>Tells whether an image belongs to this shard.</summary>
    /// <param name="sourceReference">The image's source reference, as <see cref="SyncImageResult.Source"/> shows it.</param>
    /// <returns><see langword="true"/> when this shard syncs it.</returns>
    public bool Contains(string sourceReference)
    {
        ArgumentNullException.ThrowIfNull(sourceReference);
        return Of(sourceReference, Count) == Index;
    }

    /// <summary>Formats the shard as <c>K/N</c>.</summary>
    /// <returns>For example <c>0/3</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    internal static int Of(string sourceReference, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sourceReference), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }
}
