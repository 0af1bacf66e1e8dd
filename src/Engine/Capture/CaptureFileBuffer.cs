using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Weir.Engine.Capture;

/// <summary>
/// A large pooled read buffer over a capture file: records are handed out as spans into it, so reading a
/// multi-gigabyte file costs the buffer and nothing per frame. A record bigger than the buffer grows it (up to
/// <see cref="MaxSize"/>); the consumed prefix is dropped by moving the unread tail to the front.
/// </summary>
internal sealed class CaptureFileBuffer : IDisposable
{
    /// <summary>Default buffer size: large enough that reads are few and sequential.</summary>
    public const int DefaultSize = 1 << 20;

    /// <summary>The largest the buffer grows to for one record or block.</summary>
    public const int MaxSize = 16 << 20;

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfFile;

    /// <summary>Wraps <paramref name="stream"/> (owned) with a buffer of <paramref name="size"/> bytes.</summary>
    public CaptureFileBuffer(Stream stream, string path, int size = DefaultSize)
    {
        _stream = stream;
        _path = path;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(size, 4096, MaxSize));
    }

    /// <summary>File offset of the first unconsumed byte.</summary>
    public long Position => _bufferFileOffset + _start;

    /// <summary>Current buffer capacity (for tests of constant memory).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The unconsumed bytes buffered so far.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    /// <summary>
    /// Makes at least <paramref name="count"/> unconsumed bytes available unless the file ends first; returns
    /// how many are available (fewer than <paramref name="count"/> only at end of file).
    /// </summary>
    public int Ensure(int count)
    {
        int available = _end - _start;
        return available >= count ? available : Fill(count);
    }

    /// <summary>Consumes <paramref name="count"/> bytes.</summary>
    public void Advance(int count) => _start += count;

    private int Fill(int count)
    {
        if (count > MaxSize)
        {
            ThrowTooLarge(count);
        }

        if (count > _buffer.Length - _start)
        {
            int unread = _end - _start;
            if (count > _buffer.Length)
            {
                byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxSize, Math.Max(count, _buffer.Length * 2)));
                _buffer.AsSpan(_start, unread).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            }

            _bufferFileOffset += _start;
            _start = 0;
            _end = unread;
        }

        while (!_endOfFile && _end - _start < count)
        {
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (IOException e)
            {
                throw new CaptureFileException("read error (" + e.Message + ")", _path, _bufferFileOffset + _end, e);
            }

            if (read == 0)
            {
                _endOfFile = true;
            }

            _end += read;
        }

        return _end - _start;
    }

    [DoesNotReturn]
    private void ThrowTooLarge(int count) =>
        throw new CaptureFileException($"record of {count} bytes is larger than the {MaxSize}-byte limit", _path, Position);

    /// <summary>Returns the buffer to the pool and closes the file.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _stream.Dispose();
    }
}
