using System.Buffers.Binary;

namespace Weir.Engine.Tests.Capture;

/// <summary>Builds pcap and pcapng files byte by byte, in either byte order, for reader tests.</summary>
public sealed class CaptureBytes(bool bigEndian = false)
{
    private readonly MemoryStream _bytes = new();

    public bool BigEndian { get; set; } = bigEndian;

    public long Length => _bytes.Length;

    public byte[] ToArray() => _bytes.ToArray();

    public CaptureBytes U8(byte value)
    {
        _bytes.WriteByte(value);
        return this;
    }

    public CaptureBytes U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        _bytes.Write(b);
        return this;
    }

    public CaptureBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public CaptureBytes U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, value); else BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public CaptureBytes Raw(ReadOnlySpan<byte> data)
    {
        _bytes.Write(data);
        return this;
    }

    public CaptureBytes Pad4()
    {
        while (_bytes.Length % 4 != 0) _bytes.WriteByte(0);
        return this;
    }

    /// <summary>A pcap file header with magic 0xA1B2C3D4 (µs), 0xA1B23C4D (ns) or 0xA1B2CD34 (modified).</summary>
    public CaptureBytes PcapHeader(uint magic = 0xA1B2C3D4, uint linkType = 1, uint snapLength = 65535) =>
        U32(magic).U16(2).U16(4).U32(0).U32(0).U32(snapLength).U32(linkType);

    public CaptureBytes PcapRecord(uint seconds, uint fraction, ReadOnlySpan<byte> data, uint? originalLength = null, uint? capturedLength = null) =>
        U32(seconds).U32(fraction).U32(capturedLength ?? (uint)data.Length).U32(originalLength ?? (uint)data.Length).Raw(data);

    /// <summary>A pcapng block: type, total length, body (padded), total length.</summary>
    public CaptureBytes Block(uint type, Action<CaptureBytes> body)
    {
        var inner = new CaptureBytes(BigEndian);
        body(inner);
        inner.Pad4();
        uint total = (uint)inner.Length + 12;
        return U32(type).U32(total).Raw(inner.ToArray()).U32(total);
    }

    public CaptureBytes SectionHeader() =>
        Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue));

    public CaptureBytes Interface(int linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(snapLength);
            if (tsresol is { } r) b.U16(9).U16(1).U8(r).Pad4();
            if (tsoffset is { } t) b.U16(14).U16(8).U64((ulong)t);
            if (tsresol is not null || tsoffset is not null) b.U16(0).U16(0);
        });

    public CaptureBytes EnhancedPacket(uint interfaceId, ulong timestamp, ReadOnlySpan<byte> data, uint? originalLength = null, uint? flags = null)
    {
        byte[] copy = data.ToArray();
        return Block(6, b =>
        {
            b.U32(interfaceId).U32((uint)(timestamp >> 32)).U32((uint)timestamp).U32((uint)copy.Length).U32(originalLength ?? (uint)copy.Length).Raw(copy).Pad4();
            if (flags is { } f) b.U16(2).U16(4).U32(f).U16(0).U16(0);
        });
    }

    public static byte[] Bytes(int length, byte seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte)(seed + i);
        return data;
    }
}
