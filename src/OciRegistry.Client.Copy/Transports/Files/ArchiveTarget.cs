namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Where an archive is written. A regular file (or a missing one) is replaced atomically through a temporary file
/// and a rename; anything else (a pipe, a FIFO, a terminal, <c>/dev/stdout</c>, <c>/dev/null</c>,
/// <c>/proc/self/fd/N</c>) is written in place, because renaming over it would replace the device entry instead of
/// writing into it.
/// </summary>
internal static class ArchiveTarget
{
    /// <summary>
    /// Opens <paramref name="path"/> for writing in place when it names something other than a regular file.
    /// </summary>
    /// <param name="path">The archive path a user gave.</param>
    /// <returns>A stream to write the archive into, or <see langword="null"/> when the path is (or will be) a regular file.</returns>
    public static FileStream? TryOpenInPlace(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null && !info.Exists)
        {
            return null;
        }

        var special = IsUnderDeviceTree(full);
        if (info.LinkTarget is not null)
        {
            // /dev/stdout -> /proc/self/fd/1 -> pipe:[N]: a chain that ends nowhere on disk is a kernel object.
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            special |= target is null || !target.Exists || IsUnderDeviceTree(target.FullName);
            if (!special)
            {
                return null;
            }
        }

        var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0, FileOptions.None);
        if (special || !stream.CanSeek)
        {
            return stream;
        }

        stream.Dispose();
        return null;
    }

    /// <summary>The file a regular-file archive path finally names: a symbolic link is followed so the rename replaces its target, not the link.</summary>
    /// <param name="path">The archive path a user gave.</param>
    /// <returns>The path to replace atomically.</returns>
    public static string ResolveRegularFile(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : info.FullName;
    }

    private static bool IsUnderDeviceTree(string path) =>
        path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal);
}
