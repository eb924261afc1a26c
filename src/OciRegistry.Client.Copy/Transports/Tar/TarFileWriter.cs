using System.Formats.Tar;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Writes a tar archive of chosen files, atomically: the archive is written to a temporary file beside the target
/// and renamed over it when complete; a pipe, device or <c>/dev/stdout</c> is written in place instead
/// (<see cref="ArchiveTarget"/>). Entries are PAX (no limits on name length or size), owned by root, with a
/// fixed modification time so equal content gives equal archives.
/// </summary>
internal static class TarFileWriter
{
    /// <summary>Writes the archive.</summary>
    /// <param name="archivePath">The archive to create or replace.</param>
    /// <param name="entries">Entry names inside the archive and the files holding their content, in archive order.</param>
    /// <param name="cancellationToken">Cancels the write; the previous archive, if any, stays.</param>
    /// <returns>A task that completes when the archive is in place.</returns>
    public static async Task WriteAsync(string archivePath, IEnumerable<(string Name, string File)> entries, CancellationToken cancellationToken)
    {
        var inPlace = ArchiveTarget.TryOpenInPlace(archivePath);
        if (inPlace is not null)
        {
            await using (inPlace.ConfigureAwait(false))
            {
                await WriteEntriesAsync(inPlace, entries, cancellationToken).ConfigureAwait(false);
                await inPlace.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var target = ArchiveTarget.ResolveRegularFile(archivePath);
        var temp = AtomicFile.TempNameFor(target);
        try
        {
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await WriteEntriesAsync(output, entries, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    private static async Task WriteEntriesAsync(Stream output, IEnumerable<(string Name, string File)> entries, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, file) in entries)
            {
                await WriteParentsAsync(writer, name, directories, cancellationToken).ConfigureAwait(false);
                var data = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await using (data.ConfigureAwait(false))
                {
                    var entry = NewEntry(TarEntryType.RegularFile, name, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                    entry.DataStream = data;
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task WriteParentsAsync(TarWriter writer, string name, HashSet<string> written, CancellationToken cancellationToken)
    {
        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
        {
            var directory = name[..(slash + 1)];
            if (written.Add(directory))
            {
                var entry = NewEntry(TarEntryType.Directory, directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static PaxTarEntry NewEntry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        Mode = mode,
        ModificationTime = DateTimeOffset.UnixEpoch,
        Uid = 0,
        Gid = 0,
    };
}
