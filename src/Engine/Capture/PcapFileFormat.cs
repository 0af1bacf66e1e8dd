using System.Buffers.Binary;

namespace Weir.Engine.Capture;

/// <summary>
/// What a classic pcap file header says about every record that follows: byte order, timestamp resolution,
/// record header length (16, or 24 in the modified format), link type and snap length.
/// </summary>
/// <param name="BigEndian">Whether the file is big-endian.</param>
/// <param name="Nanosecond">Whether timestamps are in nanoseconds (magic 0xA1B23C4D).</param>
/// <param name="RecordHeaderLength">Bytes of each record header: 16, or 24 in the modified (Kuznetzov) format.</param>
/// <param name="LinkType">Link type of every frame.</param>
/// <param name="SnapLength">Snap length (informational: longer records are still read).</param>
/// <param name="MajorVersion">Format major version (2).</param>
/// <param name="MinorVersion">Format minor version (4).</param>
internal readonly record struct PcapFileFormat(bool BigEndian, bool Nanosecond, int RecordHeaderLength, LinkType LinkType, uint SnapLength, int MajorVersion, int MinorVersion)
{
    /// <summary>Length of the file header.</summary>
    public const int FileHeaderLength = 24;

    /// <summary>
    /// Reads the 24-byte file header; false (with the magic as read little-endian) when it is not a classic pcap file.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> header, out PcapFileFormat format, out uint magic)
    {
        format = default;
        magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (!TryClassify(magic, out bool bigEndian, out bool nanosecond, out bool modified))
        {
            return false;
        }

        format = new PcapFileFormat(
            bigEndian,
            nanosecond,
            modified ? 24 : 16,
            // The upper 16 bits of the network field carry FCS-length flags, not the link type.
            (LinkType)(Read32(header[20..], bigEndian) & 0xFFFF),
            Read32(header[16..], bigEndian),
            bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[4..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
            bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[6..]));
        return true;
    }

    /// <summary>Whether <paramref name="magic"/> (the first four bytes read little-endian) is a classic pcap magic.</summary>
    public static bool IsMagic(uint magic) => TryClassify(magic, out _, out _, out _);

    /// <summary>Reads a 32-bit field of a record or file header in the file's byte order.</summary>
    public uint ReadUInt32(ReadOnlySpan<byte> field) => Read32(field, BigEndian);

    /// <summary>
    /// The direction a modified-format record header states in its packet type byte (offset 22); unknown for
    /// the plain format.
    /// </summary>
    public PacketDirection DirectionOf(ReadOnlySpan<byte> recordHeader) =>
        RecordHeaderLength != 24 ? PacketDirection.Unknown
        // pkt_type 4 is PACKET_OUTGOING; 0..3 are kinds of received packet.
        : recordHeader[22] == 4 ? PacketDirection.Outbound : recordHeader[22] <= 3 ? PacketDirection.Inbound : PacketDirection.Unknown;

    private static uint Read32(ReadOnlySpan<byte> s, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

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
}
