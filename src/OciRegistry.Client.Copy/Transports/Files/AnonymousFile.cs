using Microsoft.Win32.SafeHandles;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// A temporary file that has no name while it is used, so nothing is left behind however the process ends (a
/// signal, a crash, a kill): on Unix it is unlinked as soon as it is opened and the kernel frees its space when the
/// handle closes; on Windows it is opened delete-on-close, which the system honours when the process dies.
/// </summary>
internal static class AnonymousFile
{
    /// <summary>Creates an unnamed read-write file in the system's temporary directory (<c>TMPDIR</c>).</summary>
    /// <param name="prefix">The start of the brief name, for someone looking at the open files of the process.</param>
    /// <returns>The open handle; disposing it frees the file.</returns>
    public static SafeFileHandle Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}.tmp");
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }

        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.Asynchronous);
        try
        {
            File.Delete(path);
        }
        catch
        {
            handle.Dispose();
            AtomicFile.TryDelete(path);
            throw;
        }

        return handle;
    }
}
