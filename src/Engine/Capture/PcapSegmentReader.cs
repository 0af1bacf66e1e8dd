using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Weir.Engine.Capture;

/// <summary>
/// Reads the records of a classic pcap file that start in one byte range, [start, end), through its own buffer
/// with positioned reads, so that several readers can take consecutive ranges of one file on several threads.
/// Records are checked as <see cref="PcapFileReader"/> checks them, with the same errors at the same offsets.
/// The last record that starts before <c>end</c> is read to its end; <see cref="Landed"/> then tells whether the
/// records ended exactly at <c>end</c>, which proves that the next range starts on a record (see
/// <see cref="PcapFileSegments"/>).
/// </summary>
internal sealed unsafe class PcapSegmentReader : ICaptureSource
{
    /// <summary>Buffer per reader: a few hundred records, and small enough to stay in a core's L2 cache.</summary>
    public const int DefaultBufferSize = 512 << 10;

    private readonly SafeFileHandle _file;
    private readonly PcapFileFormat _format;
    private readonly long _end;
    private readonly long _fileLength;
    private readonly int _batchSize;
    private readonly byte[] _buffer;

    /// <summary>File offset of <c>_buffer[0]</c>.</summary>
    private long _bufferOffset;

    /// <summary>Bytes of <see cref="_buffer"/> holding file data.</summary>
    private int _filled;

    /// <summary>Index in <see cref="_buffer"/> of the next record.</summary>
    private int _next;
    private long _framesDelivered;
    private long _bytesDelivered;
    private bool _ended;

    /// <summary>
    /// Reads the records of <paramref name="file"/> (not owned) that start in [<paramref name="start"/>,
    /// <paramref name="end"/>); <paramref name="fileLength"/> is the length the whole read assumes.
    /// </summary>
    public PcapSegmentReader(SafeFileHandle file, string path, PcapFileFormat format, long start, long end, long fileLength, int batchSize, int bufferSize = DefaultBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _file = file;
        Name = path;
        _format = format;
        _end = end;
        _fileLength = fileLength;
        _batchSize = batchSize;
        // Pinned, so the record loop works on pointers; large enough for the largest record a file may hold.
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(bufferSize, CaptureFile.MaxCapturedLength + 64), pinned: true);
        _bufferOffset = start;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>File offset of the next record.</summary>
    public long Position => _bufferOffset + _next;

    /// <summary>Whether the reader has ended exactly at the end of its range (after the last record starting in it).</summary>
    public bool Landed => _ended && Position == _end;

    /// <inheritdoc />
    public CaptureSourceStats Stats => new(_framesDelivered, _bytesDelivered, 0, 0);

    /// <inheritdoc />
    public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IFrameHandler
    {
        if (_ended)
        {
            return -1;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        int headerLength = _format.RecordHeaderLength;
        bool bigEndian = _format.BigEndian;
        long fractionScale = _format.Nanosecond ? 1 : 1000;
        LinkType linkType = _format.LinkType;
        int delivered = 0;
        long bytes = 0;
        fixed (byte* buffer = _buffer)
        {
            try
            {
                while (delivered < _batchSize)
                {
                    long position = _bufferOffset + _next;
                    if (position >= _end)
                    {
                        _ended = true;
                        return delivered > 0 ? delivered : -1;
                    }

                    if (_filled - _next < headerLength && Fill(headerLength) < headerLength)
                    {
                        if (_filled - _next == 0 && position == _fileLength)
                        {
                            _ended = true;
                            return delivered > 0 ? delivered : -1;
                        }

                        ThrowCorruptAt("truncated record header", position);
                    }

                    byte* header = buffer + _next;
                    var record = PcapRecordHeader.Read(header, bigEndian);
                    uint capturedLength = record.CapturedLength;
                    if (record.CapturedLengthTooLong)
                    {
                        ThrowCorruptAt(record.CapturedLengthError, position);
                    }

                    int recordLength = headerLength + (int)capturedLength;
                    if (_filled - _next < recordLength)
                    {
                        if (Fill(recordLength) < recordLength)
                        {
                            ThrowCorruptAt($"truncated record (captured length {capturedLength})", position);
                        }

                        header = buffer + _next;
                    }

                    PacketDirection direction = headerLength == 24 ? _format.DirectionOf(new ReadOnlySpan<byte>(header, 24)) : PacketDirection.Unknown;
                    long timestamp = record.TimestampNs(fractionScale);
                    int original = record.Original;
                    var frame = new Frame(new ReadOnlySpan<byte>(header + headerLength, (int)capturedLength), timestamp, original, linkType, direction);
                    handler.OnFrame(in frame);
                    _next += recordLength;
                    bytes += original;
                    delivered++;
                }

                return delivered;
            }
            finally
            {
                _framesDelivered += delivered;
                _bytesDelivered += bytes;
            }
        }
    }

    /// <summary>
    /// Moves the unread bytes to the front of the buffer and reads after them until at least
    /// <paramref name="count"/> are unread or the file (as long as the read assumes) ends; returns how many are unread.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Fill(int count)
    {
        int unread = _filled - _next;
        if (_next > 0)
        {
            _buffer.AsSpan(_next, unread).CopyTo(_buffer);
            _bufferOffset += _next;
            _next = 0;
            _filled = unread;
        }

        while (_filled < count)
        {
            long at = _bufferOffset + _filled;
            int want = (int)Math.Min(_buffer.Length - _filled, _fileLength - at);
            if (want <= 0)
            {
                break;
            }

            int read;
            try
            {
                read = RandomAccess.Read(_file, _buffer.AsSpan(_filled, want), at);
            }
            catch (IOException e)
            {
                throw new CaptureFileException("read error (" + e.Message + ")", Name, at, e);
            }

            if (read == 0)
            {
                break;
            }

            _filled += read;
        }

        return _filled;
    }

    [DoesNotReturn]
    private void ThrowCorruptAt(string reason, long offset)
    {
        _ended = true;
        throw new CaptureFileException(reason, Name, offset);
    }

    /// <summary>Ends the read (the file handle belongs to the <see cref="PcapFileSegments"/> it came from).</summary>
    public void Dispose() => _ended = true;
}
