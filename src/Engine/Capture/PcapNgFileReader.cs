using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Weir.Engine.Capture;

/// <summary>
/// Reads a pcapng file: section header blocks of either byte order (several sections per file), interface
/// description blocks with <c>if_tsresol</c> and <c>if_tsoffset</c>, enhanced, simple and obsolete packet
/// blocks, and skips every other block. Interfaces may differ in link type; each frame carries its
/// interface's. The direction comes from <c>epb_flags</c> (or <c>pack_flags</c>) bits 0–1.
/// </summary>
public sealed class PcapNgFileReader : ICaptureSource
{
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint ObsoletePacketBlock = 2;
    private const uint SimplePacketBlock = 3;
    private const uint EnhancedPacketBlock = 6;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    private readonly CaptureFileBuffer _buffer;
    private readonly int _batchSize;
    private readonly List<PcapNgInterface> _interfaces = [];
    private bool _bigEndian;
    private long _framesDelivered;
    private long _bytesDelivered;
    private bool _ended;
    private int _sections;

    internal PcapNgFileReader(CaptureFileBuffer buffer, string path, int batchSize)
    {
        _buffer = buffer;
        Name = path;
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Interfaces of the current section, in definition order (link type, snap length, time scale).</summary>
    public IReadOnlyList<PcapNgInterface> Interfaces => _interfaces;

    /// <summary>Section header blocks read so far.</summary>
    public int Sections => _sections;

    /// <summary>Whether the current section is big-endian.</summary>
    public bool IsBigEndian => _bigEndian;

    /// <summary>File offset of the next block.</summary>
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
        while (delivered < _batchSize)
        {
            int available = _buffer.Ensure(12);
            if (available < 12)
            {
                if (available == 0 && _sections > 0)
                {
                    _ended = true;
                    return delivered > 0 ? delivered : -1;
                }

                ThrowCorrupt("truncated block header");
            }

            ReadOnlySpan<byte> head = _buffer.Available;
            uint type = ReadUInt32(head);
            if (type == SectionHeaderBlock)
            {
                // The byte-order magic decides how to read the length of this very block.
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
                if (bom == ByteOrderMagic)
                {
                    _bigEndian = false;
                }
                else if (bom == BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
                {
                    _bigEndian = true;
                }
                else
                {
                    ThrowCorrupt($"bad section header byte-order magic 0x{bom:x8}");
                }
            }
            else if (_sections == 0)
            {
                ThrowCorrupt("pcapng file does not start with a section header block");
            }

            uint length = ReadUInt32(head[4..]);
            if (length < 12 || (length & 3) != 0 || length > CaptureFileBuffer.MaxSize)
            {
                ThrowCorrupt($"bad block length {length}");
            }

            int blockLength = (int)length;
            if (_buffer.Ensure(blockLength) < blockLength)
            {
                ThrowCorrupt($"truncated block (type 0x{type:x}, length {length})");
            }

            ReadOnlySpan<byte> block = _buffer.Available[..blockLength];
            if (ReadUInt32(block[(blockLength - 4)..]) != length)
            {
                ThrowCorrupt($"block length {length} does not match its trailing length {ReadUInt32(block[(blockLength - 4)..])}");
            }

            ReadOnlySpan<byte> body = block[8..(blockLength - 4)];
            switch (type)
            {
                case EnhancedPacketBlock:
                    delivered += DeliverEnhanced(ref handler, body, obsolete: false);
                    break;
                case SimplePacketBlock:
                    delivered += DeliverSimple(ref handler, body);
                    break;
                case ObsoletePacketBlock:
                    delivered += DeliverEnhanced(ref handler, body, obsolete: true);
                    break;
                case InterfaceDescriptionBlock:
                    ReadInterface(body);
                    break;
                case SectionHeaderBlock:
                    ReadSection(body);
                    break;
                default:
                    // Name resolution, statistics, custom and unknown blocks carry no frames.
                    break;
            }

            _buffer.Advance(blockLength);
        }

        return delivered;
    }

    /// <summary>
    /// An enhanced packet block, or the obsolete packet block it replaced: the same 20-byte prefix but for the
    /// interface id, 32 bits in the EPB and 16 (followed by a drops count) in the PB; flags are option 2 in both.
    /// </summary>
    private int DeliverEnhanced<THandler>(ref THandler handler, ReadOnlySpan<byte> body, bool obsolete)
        where THandler : struct, IFrameHandler
    {
        if (body.Length < 20)
        {
            ThrowCorrupt(obsolete ? "packet block too short" : "enhanced packet block too short");
        }

        uint interfaceId = obsolete ? ReadUInt16(body) : ReadUInt32(body);
        ulong timestamp = ((ulong)ReadUInt32(body[4..]) << 32) | ReadUInt32(body[8..]);
        uint capturedLength = ReadUInt32(body[12..]);
        uint originalLength = ReadUInt32(body[16..]);
        return Deliver(ref handler, body, 20, interfaceId, timestamp, capturedLength, originalLength, flagsOption: 2);
    }

    private int DeliverSimple<THandler>(ref THandler handler, ReadOnlySpan<byte> body)
        where THandler : struct, IFrameHandler
    {
        if (body.Length < 4)
        {
            ThrowCorrupt("simple packet block too short");
        }

        if (_interfaces.Count == 0)
        {
            ThrowCorrupt("simple packet block before any interface description block");
        }

        uint originalLength = ReadUInt32(body);
        // The captured length is implied: the original length, cut to the snap length and the block.
        uint capturedLength = Math.Min(originalLength, (uint)(body.Length - 4));
        uint snap = _interfaces[0].SnapLength;
        if (snap != 0)
        {
            capturedLength = Math.Min(capturedLength, snap);
        }

        return Deliver(ref handler, body, 4, 0, 0, capturedLength, originalLength, flagsOption: 0);
    }

    private int Deliver<THandler>(ref THandler handler, ReadOnlySpan<byte> body, int dataOffset, uint interfaceId,
        ulong timestamp, uint capturedLength, uint originalLength, int flagsOption)
        where THandler : struct, IFrameHandler
    {
        if (interfaceId >= (uint)_interfaces.Count)
        {
            ThrowCorrupt($"packet block names interface {interfaceId}, but only {_interfaces.Count} are defined");
        }

        if (capturedLength > CaptureFile.MaxCapturedLength)
        {
            ThrowCorrupt($"captured length {capturedLength} exceeds {CaptureFile.MaxCapturedLength}");
        }

        if (capturedLength > (uint)(body.Length - dataOffset))
        {
            ThrowCorrupt($"captured length {capturedLength} exceeds the packet block");
        }

        PcapNgInterface iface = _interfaces[(int)interfaceId];
        PacketDirection direction = PacketDirection.Unknown;
        if (flagsOption != 0)
        {
            int optionsOffset = dataOffset + (((int)capturedLength + 3) & ~3);
            if (optionsOffset < body.Length)
            {
                ReadOnlySpan<byte> flags = FindOption(body[optionsOffset..], flagsOption);
                if (flags.Length >= 4)
                {
                    direction = (ReadUInt32(flags) & 3) switch
                    {
                        1 => PacketDirection.Inbound,
                        2 => PacketDirection.Outbound,
                        _ => PacketDirection.Unknown,
                    };
                }
            }
        }

        int original = originalLength > int.MaxValue ? int.MaxValue : (int)originalLength;
        var frame = new Frame(body.Slice(dataOffset, (int)capturedLength), iface.ToNanoseconds(timestamp), original, iface.LinkType, direction);
        handler.OnFrame(in frame);
        _framesDelivered++;
        _bytesDelivered += original;
        return 1;
    }

    private void ReadSection(ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            ThrowCorrupt("section header block too short");
        }

        ushort major = ReadUInt16(body[4..]);
        if (major != 1)
        {
            ThrowCorrupt($"unsupported pcapng major version {major}");
        }

        _interfaces.Clear();
        _sections++;
    }

    private void ReadInterface(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            ThrowCorrupt("interface description block too short");
        }

        var linkType = (LinkType)ReadUInt16(body);
        uint snap = ReadUInt32(body[4..]);
        byte resolution = 6;
        long offsetSeconds = 0;
        ReadOnlySpan<byte> options = body[8..];
        ReadOnlySpan<byte> value = FindOption(options, 9);
        if (value.Length >= 1)
        {
            resolution = value[0];
        }

        value = FindOption(options, 14);
        if (value.Length >= 8)
        {
            offsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
        }

        if ((resolution & 0x80) == 0 ? resolution > 19 : (resolution & 0x7F) > 63)
        {
            ThrowCorrupt($"bad if_tsresol 0x{resolution:x2}");
        }

        _interfaces.Add(new PcapNgInterface(linkType, snap, resolution, offsetSeconds));
    }

    /// <summary>The value of the first option <paramref name="code"/> in an option list, or empty.</summary>
    private ReadOnlySpan<byte> FindOption(ReadOnlySpan<byte> options, int code)
    {
        while (options.Length >= 4)
        {
            int optionCode = ReadUInt16(options);
            int optionLength = ReadUInt16(options[2..]);
            if (optionCode == 0)
            {
                break;
            }

            int padded = (optionLength + 3) & ~3;
            if (4 + optionLength > options.Length)
            {
                break;
            }

            if (optionCode == code)
            {
                return options.Slice(4, optionLength);
            }

            options = options[Math.Min(options.Length, 4 + padded)..];
        }

        return default;
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
