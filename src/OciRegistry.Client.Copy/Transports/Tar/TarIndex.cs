using System.Formats.Tar;
using System.IO.Compression;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The entries of a tar archive, indexed once by name (data offset and size), so that single files are served by
/// seeking into the archive instead of extracting it. A gzip-compressed archive is first decompressed to a
/// temporary file (a compressed stream cannot be seeked). Every entry name and link target is checked when the
/// index is built: an archive with an absolute name, a <c>..</c> component or a link leading outside it is refused.
/// </summary>
internal sealed class TarIndex : IImageFiles, IDisposable
{
    private const int MaxLinkHops = 40;

    private readonly Dictionary<string, Entry> _entries;
    private readonly string? _temporaryCopy;

    private TarIndex(string displayName, string tarPath, Dictionary<string, Entry> entries, string? temporaryCopy)
    {
        DisplayName = displayName;
        TarPath = tarPath;
        _entries = entries;
        _temporaryCopy = temporaryCopy;
    }

    public string DisplayName { get; }

    /// <summary>Gets the path of the uncompressed tar the offsets refer to.</summary>
    public string TarPath { get; }

    /// <summary>Reads the archive's headers and builds the index.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index.</returns>
    /// <exception cref="UnsafePathException">An entry name or link target leads outside the archive.</exception>
    /// <exception cref="InvalidImageLayoutException">The file is not a tar archive, or is zstd-compressed.</exception>
    public static async Task<TarIndex> OpenAsync(string path, CancellationToken cancellationToken)
    {
        string? temporaryCopy = null;
        var tarPath = path;
        try
        {
            var stream = RegularFile.OpenRead(path);
            CompressionKind kind;
            await using (stream.ConfigureAwait(false))
            {
                kind = Compression.Detect(stream);
                if (kind == CompressionKind.Gzip)
                {
                    temporaryCopy = Path.Combine(Path.GetTempPath(), $"ocireg-archive-{Guid.NewGuid():N}.tar");
                    var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
                    await using (gzip.ConfigureAwait(false))
                    {
                        var copy = new FileStream(temporaryCopy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
                        await using (copy.ConfigureAwait(false))
                        {
                            await gzip.CopyToAsync(copy, 1024 * 1024, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    tarPath = temporaryCopy;
                }
            }

            if (kind == CompressionKind.Zstd)
            {
                throw new InvalidImageLayoutException($"The archive \"{path}\" is zstd-compressed, which cannot be read here; decompress it first.");
            }

            var entries = await ReadEntriesAsync(path, tarPath, cancellationToken).ConfigureAwait(false);
            return new TarIndex(path, tarPath, entries, temporaryCopy);
        }
        catch
        {
            if (temporaryCopy is not null)
            {
                AtomicFile.TryDelete(temporaryCopy);
            }

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

        var file = RegularFile.OpenRead(TarPath);
        return new SliceStream(file, entry.Offset, entry.Length);
    }

    /// <summary>Gets the names of the regular files in the archive (links excluded).</summary>
    /// <returns>The names, normalized.</returns>
    public IEnumerable<string> FileNames() => _entries.Where(e => e.Value.LinkTarget is null).Select(e => e.Key);

    public void Dispose()
    {
        if (_temporaryCopy is not null)
        {
            AtomicFile.TryDelete(_temporaryCopy);
        }
    }

    private static async Task<Dictionary<string, Entry>> ReadEntriesAsync(string displayName, string tarPath, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var stream = RegularFile.OpenRead(tarPath, 64 * 1024);
        await using (stream.ConfigureAwait(false))
        {
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
                                entries[name] = new Entry(entry.DataOffset, entry.Length, null);
                                break;
                            case TarEntryType.SymbolicLink:
                                entries[name] = new Entry(0, 0, EntryNames.ResolveLink(displayName, name, entry.LinkName, relativeToLink: true));
                                break;
                            case TarEntryType.HardLink:
                                entries[name] = new Entry(0, 0, EntryNames.ResolveLink(displayName, name, entry.LinkName, relativeToLink: false));
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
        }

        return entries;
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
