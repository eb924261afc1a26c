namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Opens the files of on-disk images for reading, refusing anything but a regular file (after symbolic links): a
/// FIFO would block the open itself until some writer appeared, beyond the reach of any cancellation, and a device
/// such as <c>/dev/zero</c> would never end. On Linux the open cannot block and the type is checked on the handle
/// opened, so nothing can be swapped in between; elsewhere the type is checked before a plain open.
/// </summary>
internal static class RegularFile
{
    /// <summary>Opens a regular file for reading, or returns <see langword="null"/> when nothing is there.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer size; 0 for none.</param>
    /// <returns>The open file, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidImageLayoutException">The path names a FIFO, a device, a directory or a socket.</exception>
    public static FileStream? TryOpenRead(string path, int bufferSize = 0)
    {
        if (!LinuxFiles.IsSupported)
        {
            return TryOpenPortable(path, bufferSize);
        }

        var handle = LinuxFiles.OpenRead(path, out var kind);
        if (handle is null)
        {
            return null;
        }

        if (kind != FileKind.Regular)
        {
            handle.Dispose();
            throw NotRegular(path, kind);
        }

        try
        {
            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a regular file for reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer size; 0 for none.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="InvalidImageLayoutException">The path names a FIFO, a device, a directory or a socket.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 0) =>
        TryOpenRead(path, bufferSize) ?? throw new FileNotFoundException($"Could not find file \"{Path.GetFullPath(path)}\".", path);

    /// <summary>Reads a whole regular file of at most <paramref name="limit"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limit">The largest size accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes, or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="InvalidImageLayoutException">The path is not a regular file, or is larger than <paramref name="limit"/>.</exception>
    public static async Task<byte[]?> TryReadAllBytesAsync(string path, int limit, CancellationToken cancellationToken)
    {
        var stream = TryOpenRead(path);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > limit)
            {
                throw new InvalidImageLayoutException($"\"{path}\" is {stream.Length} bytes, more than the {limit} expected at most.");
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    /// <summary>Reads a whole regular file of at most <paramref name="limit"/> bytes, synchronously (for clean-up while disposing).</summary>
    /// <param name="path">The file.</param>
    /// <param name="limit">The largest size accepted.</param>
    /// <returns>The bytes, or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="InvalidImageLayoutException">The path is not a regular file, or is larger than <paramref name="limit"/>.</exception>
    public static byte[]? TryReadAllBytes(string path, int limit)
    {
        using var stream = TryOpenRead(path);
        if (stream is null)
        {
            return null;
        }

        if (stream.Length > limit)
        {
            throw new InvalidImageLayoutException($"\"{path}\" is {stream.Length} bytes, more than the {limit} expected at most.");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Tells what <paramref name="path"/> names, following symbolic links, without opening it.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The kind; where the platform cannot tell devices and FIFOs apart from files, <see cref="FileKind.Regular"/> for all three.</returns>
    public static FileKind KindOf(string path)
    {
        if (LinuxFiles.IsSupported)
        {
            return LinuxFiles.KindOf(path);
        }

        return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
    }

    /// <summary>Refuses a path that exists and is not a regular file.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> when it is a regular file; <see langword="false"/> when nothing is there.</returns>
    /// <exception cref="InvalidImageLayoutException">Something other than a regular file is there.</exception>
    public static bool ExistsAsRegular(string path) => KindOf(path) switch
    {
        FileKind.Regular => true,
        FileKind.Missing => false,
        var kind => throw NotRegular(path, kind),
    };

    private static FileStream? TryOpenPortable(string path, int bufferSize)
    {
        var kind = KindOf(path);
        if (kind == FileKind.Missing)
        {
            return null;
        }

        if (kind != FileKind.Regular)
        {
            throw NotRegular(path, kind);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static InvalidImageLayoutException NotRegular(string path, FileKind kind)
    {
        var what = kind switch
        {
            FileKind.Fifo => "a FIFO (named pipe)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Directory => "a directory",
            FileKind.Socket => "a socket",
            _ => "of an unknown type",
        };
        var link = new FileInfo(path).LinkTarget is not null ? " (through a symbolic link)" : string.Empty;
        return new InvalidImageLayoutException($"\"{path}\" is {what}{link}, not a regular file; refusing to read it.");
    }
}
