using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Weir.Engine.Capture;

/// <summary>
/// Reads a classic libpcap file: either byte order, microsecond or nanosecond timestamps, and the modified
/// (Kuznetzov) format whose records carry an interface index and a packet type (used for direction).
/// Records whose captured length exceeds the snap length, or whose original length is below the captured
/// length, are delivered as stored (as tshark does); a captured length above
/// <see cref="CaptureFile.MaxCapturedLength"/> is corruption.
/// </summary>
public sealed class PcapFileReader : ICaptureSource
{
    private const int FileHeaderLength = 24;

    private readonly CaptureFileBuffer _buffer;
    private readonly int _batchSize;
    private readonly bool _bigEndian;
    private readonly bool _nanosecond;
    private readonly int _recordHeaderLength;
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

        ReadOnlySpan<byte> header = buffer.Available;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (!TryClassify(magic, out _bigEndian, out _nanosecond, out bool modified))
        {
            buffer.Dispose();
            throw new CaptureFileException($"not a pcap file (magic 0x{magic:x8})", path, 0);
        }

        _recordHeaderLength = modified ? 24 : 16;
        MajorVersion = ReadUInt16(header[4..]);
        MinorVersion = ReadUInt16(header[6..]);
        SnapLength = ReadUInt32(header[16..]);
        // The upper 16 bits of the network field carry FCS-length flags, not the link type.
        LinkType = (LinkType)(ReadUInt32(header[20..]) & 0xFFFF);
        buffer.Advance(FileHeaderLength);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Link type of every frame in the file.</summary>
    public LinkType LinkType { get; }

    /// <summary>Snap length from the file header (informational: longer records are still read).</summary>
    public uint SnapLength { get; }

    /// <summary>Whether timestamps are in nanoseconds (magic 0xA1B23C4D).</summary>
    public bool IsNanosecond => _nanosecond;

    /// <summary>Whether the file is big-endian.</summary>
    public bool IsBigEndian => _bigEndian;

    /// <summary>File format major version (2).</summary>
    public int MajorVersion { get; }

    /// <summary>File format minor version (4).</summary>
    public int MinorVersion { get; }

    /// <summary>File offset of the next record.</summary>
    public long Position => _buffer.Position;

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

        int delivered = 0;
        int headerLength = _recordHeaderLength;
        while (delivered < _batchSize)
        {
            int available = _buffer.Ensure(headerLength);
            if (available < headerLength)
            {
                if (available == 0)
                {
                    _ended = true;
                    return delivered > 0 ? delivered : -1;
                }

                ThrowCorrupt("truncated record header");
            }

            ReadOnlySpan<byte> header = _buffer.Available;
            uint seconds = ReadUInt32(header);
            uint fraction = ReadUInt32(header[4..]);
            uint capturedLength = ReadUInt32(header[8..]);
            uint originalLength = ReadUInt32(header[12..]);
            if (capturedLength > CaptureFile.MaxCapturedLength)
            {
                ThrowCorrupt($"captured length {capturedLength} exceeds {CaptureFile.MaxCapturedLength}");
            }

            PacketDirection direction = PacketDirection.Unknown;
            if (headerLength == 24)
            {
                // Modified pcap: ifindex (4), protocol (2), pkt_type (1), pad (1); pkt_type 4 is PACKET_OUTGOING.
                direction = header[22] == 4 ? PacketDirection.Outbound : header[22] <= 3 ? PacketDirection.Inbound : PacketDirection.Unknown;
            }

            int recordLength = headerLength + (int)capturedLength;
            if (_buffer.Ensure(recordLength) < recordLength)
            {
                ThrowCorrupt($"truncated record (captured length {capturedLength})");
            }

            long timestamp = seconds * 1_000_000_000L + (_nanosecond ? fraction : fraction * 1000L);
            int original = originalLength > int.MaxValue ? int.MaxValue : (int)originalLength;
            var frame = new Frame(_buffer.Available.Slice(headerLength, (int)capturedLength), timestamp, original, LinkType, direction);
            handler.OnFrame(in frame);
            _buffer.Advance(recordLength);
            _framesDelivered++;
            _bytesDelivered += original;
            delivered++;
        }

        return delivered;
    }

    /// <summary>Byte order, resolution and record format from the magic as read little-endian.</summary>
    private static bool TryClassify(uint magic, out bool bigEndian, out bool nanosecond, out bool modified)
    {
        uint native = magic switch
        {
            0xA1B2C3D4 or 0xA1B23C4D or 0xA1B2CD34 => magic,
            _ => BinaryPrimitives.ReverseEndianness(magic),
        };
        bigEndian = native != magic;
        nanosecond = native == 0xA1B23C4D;
        modified = native == 0xA1B2CD34;
        return native is 0xA1B2C3D4 or 0xA1B23C4D or 0xA1B2CD34;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> s) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    private uint ReadUInt32(ReadOnlySpan<byte> s) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    [DoesNotReturn]
    private void ThrowCorrupt(string reason)
    {
        _ended = true;
        throw new CaptureFileException(reason, Name, _buffer.Position);
    }

    /// <summary>Closes the file and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        _ended = true;
        _buffer.Dispose();
    }
}
