using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Capture;

/// <summary>
/// The output shared by <see cref="PcapWriter"/> and <see cref="PcapNgWriter"/>: records are reserved in one large
/// buffer that goes to the stream when full, so writing a frame allocates nothing and costs one copy; fields are
/// written in the byte order the file was opened with. Not thread-safe.
/// </summary>
internal sealed class CaptureWriteBuffer
{
    /// <summary>Smallest write buffer a writer accepts.</summary>
    public const int MinBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _bigEndian;
    private readonly byte[] _buffer;
    private byte[]? _pendingLarge;
    private int _used;

    /// <summary>Creates the buffer; the caller has checked <paramref name="stream"/> and <paramref name="bufferSize"/>.</summary>
    public CaptureWriteBuffer(Stream stream, bool bigEndian, bool leaveOpen, int bufferSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _bigEndian = bigEndian;
        _buffer = GC.AllocateUninitializedArray<byte>(bufferSize);
    }

    /// <summary>Size of the buffer: a record longer than this does not fit in it.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Bytes of file produced so far, buffered or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// Returns <paramref name="length"/> bytes of buffer for one record, counted as written. A record larger than
    /// the whole buffer gets a buffer of its own for the moment: only giant snap lengths need that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int length)
    {
        if (_buffer.Length - _used < length || _pendingLarge is not null)
        {
            FlushBuffer();
            if (length > _buffer.Length)
            {
                return ReserveLarge(length);
            }
        }

        Span<byte> span = _buffer.AsSpan(_used, length);
        _used += length;
        BytesWritten += length;
        return span;
    }

    /// <summary>Writes <paramref name="bytes"/> straight to the stream, after what is buffered.</summary>
    public void WriteUnbuffered(ReadOnlySpan<byte> bytes)
    {
        FlushBuffer();
        _stream.Write(bytes);
        BytesWritten += bytes.Length;
    }

    /// <summary>Writes the buffered bytes to the stream and flushes the stream.</summary>
    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Flushes, then closes the stream unless told to leave it open. A second call does nothing.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            IsDisposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Writes a 16-bit field in the file's byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt16(Span<byte> destination, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
    }

    /// <summary>Writes a 32-bit field in the file's byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(Span<byte> destination, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }

    /// <summary>Writes a 64-bit field in the file's byte order.</summary>
    public void WriteUInt64(Span<byte> destination, ulong value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
        }
    }

    /// <summary>Throws for a frame both writers refuse: one stamped before 1970 or longer than its original length.</summary>
    [DoesNotReturn]
    public static void ThrowBadFrame(int originalLength, int captured, long timestampNs) =>
        throw new ArgumentOutOfRangeException(nameof(originalLength),
            timestampNs < 0
                ? $"timestamp {timestampNs} ns is before the Unix epoch"
                : $"original length {originalLength} is shorter than the captured length {captured}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<byte> ReserveLarge(int length)
    {
        // The caller fills the record after this returns, so it waits in an array of its own and goes out at
        // the next flush, which the next Reserve forces so that records stay in order.
        _pendingLarge = new byte[length];
        BytesWritten += length;
        return _pendingLarge;
    }

    private void FlushBuffer()
    {
        if (_used > 0)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        if (_pendingLarge is not null)
        {
            _stream.Write(_pendingLarge);
            _pendingLarge = null;
        }
    }
}
