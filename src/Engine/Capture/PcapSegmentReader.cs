using System.Diagnostics.CodeAnalysis;

namespace Weir.Engine.Capture;

/// <summary>
/// Reads the records of a mapped classic pcap file that start in one byte range, [start, end), so that several
/// readers can take consecutive ranges of one file on several threads (and one reader the whole file, for
/// <see cref="PcapFileReader"/>). Frames are spans straight into the mapping: no read call and no copy. Records
/// are checked as the streaming <see cref="PcapFileReader"/> checks them, with the same errors at the same
/// offsets. The last record that starts before <c>end</c> is read to its end; <see cref="Landed"/> then tells
/// whether the records ended exactly at <c>end</c>, which proves that the next range starts on a record (see
/// <see cref="PcapFileSegments"/>).
/// </summary>
internal sealed unsafe class PcapSegmentReader : ICaptureSource
{
    private readonly CaptureFileMapping _mapping;
    private readonly PcapFileFormat _format;
    private readonly long _end;
    private readonly int _batchSize;

    /// <summary>File offset of the next record.</summary>
    private long _position;

    private StreamPrefetcher _prefetcher;

    /// <summary>How much a reader reads between releases of what it has read.</summary>
    private const long ReleaseChunk = 8 << 20;

    /// <summary>Offset below which this reader has released the mapping's pages.</summary>
    private long _released;
    private long _framesDelivered;
    private long _bytesDelivered;
    private bool _ended;

    /// <summary>
    /// Reads the records of <paramref name="mapping"/> (not owned) that start in [<paramref name="start"/>,
    /// <paramref name="end"/>); the file is as long as the mapping.
    /// </summary>
    public PcapSegmentReader(CaptureFileMapping mapping, string path, PcapFileFormat format, long start, long end, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _mapping = mapping;
        Name = path;
        _format = format;
        _end = end;
        _batchSize = batchSize;
        _position = start;
        _released = start;
    }


    /// <inheritdoc />
    public string Name { get; }

    /// <summary>File offset of the next record.</summary>
    public long Position => _position;

    /// <summary>Whether the reader has ended exactly at the end of its range (after the last record starting in it).</summary>
    public bool Landed => _ended && _position == _end;

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

        byte* file = _mapping.Pointer;
        long length = _mapping.Length;
        long end = _end;
        long position = _position;
        int headerLength = _format.RecordHeaderLength;
        bool bigEndian = _format.BigEndian;
        long fractionScale = _format.Nanosecond ? 1 : 1000;
        LinkType linkType = _format.LinkType;
        long bytes = 0;
        int delivered = 0;
        // What earlier batches read is released (see CaptureFileMapping.Release), so a reader of a file of any size
        // keeps a few megabytes of it mapped; a span kept past its batch still reads right, its page faulted back in.
        if (position - _released >= ReleaseChunk)
        {
            _mapping.Release(_released, position);
            _released = position & ~4095L;
        }

        try
        {
            while (delivered < _batchSize)
            {
                if (position >= end)
                {
                    _ended = true;
                    return delivered > 0 ? delivered : -1;
                }

                long left = length - position;
                if (left < headerLength)
                {
                    ThrowCorruptAt("truncated record header", position);
                }

                byte* header = file + position;
                _prefetcher.Ahead(file, position, length);
                var record = PcapRecordHeader.Read(header, bigEndian);
                uint capturedLength = record.CapturedLength;
                if (record.CapturedLengthTooLong)
                {
                    ThrowCorruptAt(record.CapturedLengthError, position);
                }

                if (left - headerLength < capturedLength)
                {
                    ThrowCorruptAt($"truncated record (captured length {capturedLength})", position);
                }

                PacketDirection direction = headerLength == 24 ? _format.DirectionOf(new ReadOnlySpan<byte>(header, 24)) : PacketDirection.Unknown;
                long timestamp = record.TimestampNs(fractionScale);
                int original = record.Original;
                var frame = new Frame(new ReadOnlySpan<byte>(header + headerLength, (int)capturedLength), timestamp, original, linkType, direction);
                handler.OnFrame(in frame);
                position += headerLength + capturedLength;
                bytes += original;
                delivered++;
            }

            return delivered;
        }
        finally
        {
            // Kept in locals for the loop; written back once per batch, also when a record is corrupt.
            _position = position;
            _framesDelivered += delivered;
            _bytesDelivered += bytes;
        }
    }

    [DoesNotReturn]
    private void ThrowCorruptAt(string reason, long offset)
    {
        _ended = true;
        throw new CaptureFileException(reason, Name, offset);
    }

    /// <summary>Ends the read (the mapping belongs to whoever made the reader).</summary>
    public void Dispose() => _ended = true;
}
