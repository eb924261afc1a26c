using System.Formats.Tar;
using Microsoft.Win32.SafeHandles;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The entries of a tar archive, indexed once by name (data offset and size), so that single files are served by
/// seeking into the archive instead of extracting it. A compressed archive (gzip, zstd, xz or bzip2) is first decompressed, within the
/// bound of <see cref="ArchiveReadOptions"/>, into an unnamed temporary file (<see cref="AnonymousFile"/>: a
/// compressed stream cannot be seeked, and a file without a name is freed however the process ends). Every entry
/// name and link target is checked when the index is built: an archive with an absolute name, a <c>..</c>
/// component, a link leading outside it, or two entries of one name (which one a reader takes is a guess) is refused.
/// </summary>
internal sealed class TarIndex : IImageFiles, IDisposable
{
    private const int MaxLinkHops = 40;

    private readonly Dictionary<string, Entry> _entries;
    private readonly SafeFileHandle? _decompressed;

    private TarIndex(string path, Dictionary<string, Entry> entries, SafeFileHandle? decompressed)
    {
        DisplayName = path;
        _entries = entries;
        _decompressed = decompressed;
    }

    public string DisplayName { get; }

    /// <summary>Reads the archive's headers and builds the index.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="options">The bound on decompression.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index.</returns>
    /// <exception cref="UnsafePathException">An entry name or link target leads outside the archive.</exception>
    /// <exception cref="InvalidImageLayoutException">
    /// The file is not a tar archive, is not valid in its compression, decompresses beyond the bound, or has two entries of one name.
    /// </exception>
    public static async Task<TarIndex> OpenAsync(string path, ArchiveReadOptions options, CancellationToken cancellationToken)
    {
        SafeFileHandle? decompressed = null;
        try
        {
            var stream = RegularFile.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var kind = Compression.Detect(stream);
                if (kind == CompressionKind.None)
                {
                    return new TarIndex(path, await ReadEntriesAsync(path, stream, cancellationToken).ConfigureAwait(false), null);
                }

                decompressed = AnonymousFile.Create("ocireg-archive-");
                var target = decompressed;
                var length = await BoundedDecompression.DecompressAsync(
                    stream,
                    kind,
                    stream.Length,
                    options,
                    $"The archive \"{path}\"",
                    (bytes, offset, ct) => RandomAccess.WriteAsync(target, bytes, offset, ct),
                    cancellationToken).ConfigureAwait(false);
                var copy = new SliceStream(decompressed, 0, length, ownsHandle: false);
                await using (copy.ConfigureAwait(false))
                {
                    return new TarIndex(path, await ReadEntriesAsync(path, copy, cancellationToken).ConfigureAwait(false), decompressed);
                }
            }
        }
        catch
        {
            decompressed?.Dispose();
            throw;
        }
    }

    public long? GetLength(string name) => Find(name) is { } entry ? entry.Length : null;

    public Stream? OpenRead(string name)
    {
        if (Find(name) is not { } entry)
        {
            return null;
        }

        return _decompressed is not null
            ? new SliceStream(_decompressed, entry.Offset, entry.Length, ownsHandle: false)
            : new SliceStream(RegularFile.OpenRead(DisplayName).SafeFileHandle, entry.Offset, entry.Length, ownsHandle: true);
    }

    /// <summary>Gets the names of the regular files in the archive (links excluded).</summary>
    /// <returns>The names, normalized.</returns>
    public IEnumerable<string> FileNames() => _entries.Where(e => e.Value.LinkTarget is null).Select(e => e.Key);

    public void Dispose() => _decompressed?.Dispose();

    private static async Task<Dictionary<string, Entry>> ReadEntriesAsync(string displayName, Stream stream, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        stream.Position = 0;
        var reader = new TarReader(stream, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    var name = EntryNames.Normalize(displayName, entry.Name);
                    switch (entry.EntryType)
                    {
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            Add(entries, displayName, name, new Entry(entry.DataOffset, entry.Length, null));
                            break;
                        case TarEntryType.SymbolicLink:
                            Add(entries, displayName, name, new Entry(0, 0, EntryNames.ResolveLink(displayName, name, entry.LinkName, relativeToLink: true)));
                            break;
                        case TarEntryType.HardLink:
                            Add(entries, displayName, name, new Entry(0, 0, EntryNames.ResolveLink(displayName, name, entry.LinkName, relativeToLink: false)));
                            break;
                        default:
                            // Directories, devices and FIFOs carry no image content.
                            break;
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw new InvalidImageLayoutException($"\"{displayName}\" is not a valid tar archive: {e.Message}", e);
            }
        }

        return entries;
    }

    private static void Add(Dictionary<string, Entry> entries, string displayName, string name, Entry entry)
    {
        // tar lets a later entry replace an earlier one of the same name, so readers disagree on which one counts (a
        // manifest.json that one tool reads and another does not): an archive that says two things is refused.
        if (!entries.TryAdd(name, entry))
        {
            throw new InvalidImageLayoutException($"The archive \"{displayName}\" has more than one entry named \"{name}\"; it is refused rather than one of them picked.");
        }
    }

    private Entry? Find(string name)
    {
        var key = EntryNames.Normalize(DisplayName, name);
        for (var hops = 0; hops <= MaxLinkHops; hops++)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.LinkTarget is null)
            {
                return entry;
            }

            key = entry.LinkTarget;
        }

        throw new UnsafePathException(DisplayName, name, $"is part of a chain of more than {MaxLinkHops} links");
    }

    private sealed record Entry(long Offset, long Length, string? LinkTarget);
}
