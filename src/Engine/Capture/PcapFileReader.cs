using System.Diagnostics.CodeAnalysis;

namespace Weir.Engine.Capture;

/// <summary>
/// Reads a classic libpcap file: either byte order, microsecond or nanosecond timestamps, and the modified
/// (Kuznetzov) format whose records carry an interface index and a packet type (used for direction).
/// Records whose captured length exceeds the snap length, or whose original length is below the captured
/// length, are delivered as stored (as tshark does); a captured length above
/// <see cref="CaptureFile.MaxCapturedLength"/> is corruption.
/// </summary>
public sealed unsafe class PcapFileReader : ICaptureSource
{
    private const int FileHeaderLength = PcapFileFormat.FileHeaderLength;

    /// <summary>The streaming buffer, or null when the file is mapped.</summary>
    private readonly CaptureFileBuffer? _buffer;

    /// <summary>The whole file mapped into memory, or null when it is read as a stream.</summary>
    private readonly CaptureFileMapping? _mapping;

    private readonly int _batchSize;
    private PcapFileFormat _format;

    /// <summary>The reader of the mapped file's records, or null when it is read as a stream.</summary>
    private readonly PcapSegmentReader? _mapped;
    private long _framesDelivered;
    private long _bytesDelivered;
    private bool _ended;

    internal PcapFileReader(CaptureFileBuffer buffer, string path, int batchSize)
    {
        _buffer = buffer;
        Name = path;
        _batchSize = batchSize;
        int available = buffer.Ensure(FileHeaderLength);
        if (available < FileHeaderLength)
        {
            buffer.Dispose();
            throw new CaptureFileException("truncated pcap file header", path, available);
        }

        if (!TryReadFileHeader(buffer.Available, out uint magic))
        {
            buffer.Dispose();
            throw new CaptureFileException($"not a pcap file (magic 0x{magic:x8})", path, 0);
        }

        buffer.Advance(FileHeaderLength);
    }

    /// <summary>
    /// Reads a whole mapped file (owned: disposed with the reader); <see cref="CaptureFileMapping.TryCreate"/>
    /// has checked that it is at least a file header long and starts with a pcap magic.
    /// </summary>
    internal PcapFileReader(CaptureFileMapping mapping, string path, int batchSize)
    {
        _mapping = mapping;
        Name = path;
        _batchSize = batchSize;
        if (!TryReadFileHeader(new ReadOnlySpan<byte>(mapping.Pointer, FileHeaderLength), out uint magic))
        {
            mapping.Dispose();
            throw new CaptureFileException($"not a pcap file (magic 0x{magic:x8})", path, 0);
        }

        _mapped = new PcapSegmentReader(mapping, path, _format, FileHeaderLength, mapping.Length, batchSize);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Link type of every frame in the file.</summary>
    public LinkType LinkType => _format.LinkType;

    /// <summary>Snap length from the file header (informational: longer records are still read).</summary>
    public uint SnapLength => _format.SnapLength;

    /// <summary>Whether timestamps are in nanoseconds (magic 0xA1B23C4D).</summary>
    public bool IsNanosecond => _format.Nanosecond;

    /// <summary>Whether the file is big-endian.</summary>
    public bool IsBigEndian => _format.BigEndian;

    /// <summary>File format major version (2).</summary>
    public int MajorVersion => _format.MajorVersion;

    /// <summary>File format minor version (4).</summary>
    public int MinorVersion => _format.MinorVersion;

    /// <summary>File offset of the next record.</summary>
    public long Position => _mapped is null ? _buffer!.Position : _mapped.Position;

    /// <summary>Whether the file is read through a memory mapping rather than as a stream.</summary>
    internal bool IsMapped => _mapped is not null;

    /// <inheritdoc />
    public CaptureSourceStats Stats => _mapped is null ? new(_framesDelivered, _bytesDelivered, 0, 0) : _mapped.Stats;

    /// <inheritdoc />
    public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IFrameHandler
    {
        if (_mapped is not null)
        {
            return _mapped.ReadBatch(ref handler, cancellationToken);
        }

        if (_ended)
        {
            return -1;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        CaptureFileBuffer buffer = _buffer!;
        int delivered = 0;
        int headerLength = _format.RecordHeaderLength;
        while (delivered < _batchSize)
        {
            int available = buffer.Ensure(headerLength);
            if (available < headerLength)
            {
                if (available == 0)
                {
                    _ended = true;
                    return delivered > 0 ? delivered : -1;
                }

                ThrowCorrupt("truncated record header");
            }

            ReadOnlySpan<byte> header = buffer.Available;
            uint seconds = ReadUInt32(header);
            uint fraction = ReadUInt32(header[4..]);
            uint capturedLength = ReadUInt32(header[8..]);
            uint originalLength = ReadUInt32(header[12..]);
            if (capturedLength > CaptureFile.MaxCapturedLength)
            {
                ThrowCorrupt($"captured length {capturedLength} exceeds {CaptureFile.MaxCapturedLength}");
            }

            // Modified pcap: ifindex (4), protocol (2), pkt_type (1), pad (1).
            PacketDirection direction = _format.DirectionOf(header);
            int recordLength = headerLength + (int)capturedLength;
            if (buffer.Ensure(recordLength) < recordLength)
            {
                ThrowCorrupt($"truncated record (captured length {capturedLength})");
            }

            long timestamp = seconds * 1_000_000_000L + (_format.Nanosecond ? fraction : fraction * 1000L);
            int original = originalLength > int.MaxValue ? int.MaxValue : (int)originalLength;
            var frame = new Frame(buffer.Available.Slice(headerLength, (int)capturedLength), timestamp, original, LinkType, direction);
            handler.OnFrame(in frame);
            buffer.Advance(recordLength);
            _framesDelivered++;
            _bytesDelivered += original;
            delivered++;
        }

        return delivered;
    }

    /// <summary>Reads the 24-byte file header; false (with the magic as read little-endian) when it is not pcap.</summary>
    private bool TryReadFileHeader(ReadOnlySpan<byte> header, out uint magic) => PcapFileFormat.TryParse(header, out _format, out magic);

    /// <summary>The header's format (for readers of parts of the same file).</summary>
    internal PcapFileFormat Format => _format;

    /// <summary>Whether <paramref name="magic"/> (the first four bytes read little-endian) is a classic pcap magic.</summary>
    internal static bool IsPcapMagic(uint magic) => PcapFileFormat.IsMagic(magic);

    private uint ReadUInt32(ReadOnlySpan<byte> s) => _format.ReadUInt32(s);

    [DoesNotReturn]
    private void ThrowCorrupt(string reason) => ThrowCorruptAt(reason, Position);

    [DoesNotReturn]
    private void ThrowCorruptAt(string reason, long offset)
    {
        _ended = true;
        throw new CaptureFileException(reason, Name, offset);
    }

    /// <summary>Closes the file and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        _ended = true;
        _mapped?.Dispose();
        _buffer?.Dispose();
        _mapping?.Dispose();
    }
}
