using System.Text;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>Buffered reads from a client connection: header lines, then raw body bytes from the same buffer.</summary>
internal sealed class ClientReader(Stream stream)
{
    private const int MaxLine = 16 * 1024;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next byte without consuming it, or -1 at the end of the stream.</summary>
    public async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (_start == _end && !await FillAsync(cancellationToken))
        {
            return -1;
        }

        return _buffer[_start];
    }

    /// <summary>One line without its CRLF (Latin-1), or null when the stream ends first.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            var take = newline < 0 ? span.Length : newline;
            line.Append(Encoding.Latin1.GetString(span[..take]));
            _start += newline < 0 ? take : take + 1;
            if (line.Length > MaxLine)
            {
                throw new InvalidDataException("A request line or header is longer than 16 KiB.");
            }

            if (newline >= 0)
            {
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line.Length--;
                }

                return line.ToString();
            }
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length; 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return count;
        }

        return await stream.ReadAsync(destination, cancellationToken);
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
