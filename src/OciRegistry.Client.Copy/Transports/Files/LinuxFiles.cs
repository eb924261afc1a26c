using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The two libc calls that .NET does not offer: an <c>open(2)</c> that never waits for a FIFO's writer
/// (<c>O_NONBLOCK</c>), and <c>statx(2)</c> for the type of a file (a FIFO, a device, a socket), which
/// <see cref="FileSystemInfo"/> does not tell. <c>statx</c> is used because its buffer has one layout on every Linux
/// architecture, unlike <c>struct stat</c>.
/// </summary>
internal static partial class LinuxFiles
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;

    // The generic Linux values, shared by every architecture .NET runs on.
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;

    private const int ENoEnt = 2;
    private const int EAcces = 13;
    private const int ENotDir = 20;

    /// <summary>Gets whether the calls are available: on Linux, with a C library that has <c>statx</c>.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && HasStatx();

    /// <summary>Gets the type of the file at <paramref name="path"/>, following symbolic links.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The type, or <see cref="FileKind.Missing"/> when nothing is there (or a link dangles).</returns>
    /// <exception cref="IOException">The file system refused the look-up for another reason.</exception>
    public static FileKind KindOf(string path)
    {
        var buffer = new byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) == 0)
        {
            return KindOf(buffer);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is ENoEnt or ENotDir ? FileKind.Missing : throw Error(errno, path);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without waiting for anything: a FIFO is opened non-blocking, so that
    /// its type can be told and the file refused instead of hanging until some writer appears.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">The type of what was opened.</param>
    /// <returns>The handle, or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="IOException">The open failed for another reason.</exception>
    public static SafeFileHandle? OpenRead(string path, out FileKind kind)
    {
        kind = FileKind.Missing;
        var fd = Open(path, ORdOnly | ONonBlock | OCloExec | ONoCtty);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENoEnt or ENotDir ? null : throw Error(errno, path);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var buffer = new byte[StatxBufferSize];
            if (StatxHandle(handle, string.Empty, AtEmptyPath, StatxType, buffer) != 0)
            {
                throw Error(Marshal.GetLastPInvokeError(), path);
            }

            kind = KindOf(buffer);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileKind KindOf(byte[] statx) =>
        (BinaryPrimitives.ReadUInt16LittleEndian(statx.AsSpan(StatxModeOffset)) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };

    private static Exception Error(int errno, string path)
    {
        var message = $"\"{path}\": {Marshal.GetPInvokeErrorMessage(errno)}.";
        return errno == EAcces ? new UnauthorizedAccessException(message) : new IOException(message);
    }

    private static bool HasStatx()
    {
        try
        {
            return Statx(AtFdCwd, "/", 0, StatxType, new byte[StatxBufferSize]) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxHandle(SafeFileHandle directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
