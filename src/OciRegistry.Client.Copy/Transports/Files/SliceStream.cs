using Microsoft.Win32.SafeHandles;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// A read-only, seekable window of a file: a length of bytes from a start offset. Used to serve an entry of an
/// uncompressed tar without extracting it. Reads are positional (<see cref="RandomAccess"/>), so several windows
/// can share one handle, as they do over the unnamed copy of a decompressed archive.
/// </summary>
internal sealed class SliceStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly bool _ownsHandle;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <summary>Initializes a new instance of the <see cref="SliceStream"/> class.</summary>
    /// <param name="file">The file.</param>
    /// <param name="start">Where the window starts.</param>
    /// <param name="length">How many bytes it has.</param>
    /// <param name="ownsHandle">Whether disposing the window closes <paramref name="file"/>.</param>
    public SliceStream(SafeFileHandle file, long start, long length, bool ownsHandle)
    {
        _file = file;
        _start = start;
        _length = length;
        _ownsHandle = ownsHandle;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _length - _position);
        if (n <= 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(_file, buffer[..n], _start + _position);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = (int)Math.Min(buffer.Length, _length - _position);
        if (n <= 0)
        {
            return 0;
        }

        var read = await RandomAccess.ReadAsync(_file, buffer[..n], _start + _position, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsHandle)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
