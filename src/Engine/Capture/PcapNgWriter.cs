using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Weir.Engine.Capture;

/// <summary>
/// Writes a pcapng file: a Section Header Block, Interface Description Blocks (link type, snap length,
/// <c>if_name</c>, <c>if_tsresol</c>) and Enhanced Packet Blocks (with <c>epb_flags</c> carrying the direction
/// when it is known). Blocks are built in one large buffer that is written to the stream when full; writing a
/// packet allocates nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// Every block is padded to 32 bits and ends with its total length repeated, as the format requires. The
/// section length is written as -1 (unknown), so a section can be streamed. Interfaces are numbered from 0 in
/// the order they are added; <see cref="StartSection"/> begins a new section, whose interfaces are numbered
/// from 0 again. Fields are little-endian unless <c>bigEndian</c> is asked for.
/// </remarks>
public sealed class PcapNgWriter : IDisposable
{
    /// <summary><c>if_tsresol</c> value for microseconds (10^-6 s), the format's default.</summary>
    public const byte MicrosecondResolution = 6;

    /// <summary><c>if_tsresol</c> value for nanoseconds (10^-9 s).</summary>
    public const byte NanosecondResolution = 9;

    private const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint InterfaceDescriptionType = 0x00000001;
    private const uint EnhancedPacketType = 0x00000006;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const int EpbFixedLength = 28 + 4;
    private const int EpbFlagsOptionLength = 8 + 4;

    private readonly CaptureWriteBuffer _output;
    private readonly List<InterfaceInfo> _interfaces = [];

    /// <summary>Creates a writer and writes the first Section Header Block into its buffer.</summary>
    /// <param name="stream">Where the file goes; written sequentially, never sought.</param>
    /// <param name="application">The <c>shb_userappl</c> option, or null to write none.</param>
    /// <param name="bigEndian">Whether to write every field big-endian.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <param name="bufferSize">Size of the write buffer; at least 64 KiB.</param>
    public PcapNgWriter(Stream stream, string? application = "weir", bool bigEndian = false, bool leaveOpen = false,
        int bufferSize = PcapWriter.DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, CaptureWriteBuffer.MinBufferSize);
        _output = new CaptureWriteBuffer(stream, bigEndian, leaveOpen, bufferSize);
        StartSection(application);
    }

    /// <summary>Number of interfaces described in the current section.</summary>
    public int InterfaceCount => _interfaces.Count;

    /// <summary>Enhanced Packet Blocks written so far, over all sections.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Bytes of file produced so far, buffered or not.</summary>
    public long BytesWritten => _output.BytesWritten;

    /// <summary>Sum of the original lengths of the frames written so far.</summary>
    public long OriginalBytesWritten { get; private set; }

    /// <summary>
    /// Writes a Section Header Block (version 1.0, section length -1) and forgets the interfaces of the previous
    /// section: the next <see cref="AddInterface"/> returns 0 again. The constructor writes the first one.
    /// </summary>
    /// <param name="application">The <c>shb_userappl</c> option, or null to write none.</param>
    public void StartSection(string? application = "weir")
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        int optionsLength = application is null ? 0 : OptionLength(Encoding.UTF8.GetByteCount(application)) + 4;
        int total = 28 + optionsLength;
        Span<byte> block = _output.Reserve(total);
        _output.WriteUInt32(block, SectionHeaderType);
        _output.WriteUInt32(block[4..], (uint)total);
        _output.WriteUInt32(block[8..], ByteOrderMagic);
        _output.WriteUInt16(block[12..], 1);
        _output.WriteUInt16(block[14..], 0);
        _output.WriteUInt64(block[16..], ulong.MaxValue);
        int at = 24;
        if (application is not null)
        {
            at += WriteStringOption(block[at..], 4, application);
            at += WriteEndOfOptions(block[at..]);
        }

        _output.WriteUInt32(block[at..], (uint)total);
        _interfaces.Clear();
    }

    /// <summary>Writes an Interface Description Block and returns the new interface's id within the section.</summary>
    /// <param name="linkType">Link-layer header type of the interface's packets.</param>
    /// <param name="snapLength">Longest captured length; longer packets are cut to it. 0 means no limit.</param>
    /// <param name="timestampResolution">
    /// The <c>if_tsresol</c> byte: with the high bit clear, timestamps count units of 10^-value seconds (6 is
    /// microseconds, 9 nanoseconds); with it set, units of 2^-(value &amp; 0x7f) seconds. The option is written
    /// even for the default 6, so readers see it.
    /// </param>
    /// <param name="name">The <c>if_name</c> option, or null to write none.</param>
    public int AddInterface(LinkType linkType, int snapLength = 0, byte timestampResolution = MicrosecondResolution, string? name = null)
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        bool binary = (timestampResolution & 0x80) != 0;
        int exponent = timestampResolution & 0x7f;
        if (binary ? exponent > 63 : exponent > 18)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampResolution), timestampResolution,
                "if_tsresol beyond 10^-18 or 2^-63 seconds cannot hold a 64-bit timestamp of today");
        }

        int optionsLength = OptionLength(1) + (name is null ? 0 : OptionLength(Encoding.UTF8.GetByteCount(name))) + 4;
        int total = 20 + optionsLength;
        Span<byte> block = _output.Reserve(total);
        _output.WriteUInt32(block, InterfaceDescriptionType);
        _output.WriteUInt32(block[4..], (uint)total);
        _output.WriteUInt16(block[8..], (ushort)linkType);
        _output.WriteUInt16(block[10..], 0);
        _output.WriteUInt32(block[12..], (uint)snapLength);
        int at = 16;
        if (name is not null)
        {
            at += WriteStringOption(block[at..], 2, name);
        }

        _output.WriteUInt16(block[at..], 9);
        _output.WriteUInt16(block[(at + 2)..], 1);
        block[at + 4] = timestampResolution;
        block.Slice(at + 5, 3).Clear();
        at += 8;
        at += WriteEndOfOptions(block[at..]);
        _output.WriteUInt32(block[at..], (uint)total);

        _interfaces.Add(new InterfaceInfo(snapLength == 0 ? int.MaxValue : snapLength, binary, exponent));
        return _interfaces.Count - 1;
    }

    /// <summary>
    /// Writes one Enhanced Packet Block. The captured length is <c>min(data.Length, snap length)</c>; the original
    /// length must be at least that. A known <paramref name="direction"/> is written as <c>epb_flags</c>
    /// (bits 0–1: 1 inbound, 2 outbound); an unknown one writes no options.
    /// </summary>
    /// <param name="interfaceId">An id returned by <see cref="AddInterface"/> in the current section.</param>
    /// <param name="data">The packet, starting at the interface's link-layer header.</param>
    /// <param name="timestampNs">Capture time in nanoseconds since the Unix epoch (not negative), converted to the interface's resolution (truncated).</param>
    /// <param name="originalLength">Length of the packet on the wire.</param>
    /// <param name="direction">Capture direction, if known.</param>
    public void WriteFrame(int interfaceId, ReadOnlySpan<byte> data, long timestampNs, int originalLength,
        PacketDirection direction = PacketDirection.Unknown)
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        if ((uint)interfaceId >= (uint)_interfaces.Count)
        {
            ThrowUnknownInterface(interfaceId);
        }

        InterfaceInfo info = _interfaces[interfaceId];
        int captured = Math.Min(data.Length, info.SnapLength);
        if (originalLength < captured || timestampNs < 0)
        {
            CaptureWriteBuffer.ThrowBadFrame(originalLength, captured, timestampNs);
        }

        int padded = (captured + 3) & ~3;
        int total = EpbFixedLength + padded + (direction == PacketDirection.Unknown ? 0 : EpbFlagsOptionLength);
        ulong units = info.ToUnits(timestampNs);
        Span<byte> block = _output.Reserve(total);
        _output.WriteUInt32(block, EnhancedPacketType);
        _output.WriteUInt32(block[4..], (uint)total);
        _output.WriteUInt32(block[8..], (uint)interfaceId);
        _output.WriteUInt32(block[12..], (uint)(units >> 32));
        _output.WriteUInt32(block[16..], (uint)units);
        _output.WriteUInt32(block[20..], (uint)captured);
        _output.WriteUInt32(block[24..], (uint)originalLength);
        data[..captured].CopyTo(block[28..]);
        block.Slice(28 + captured, padded - captured).Clear();
        int at = 28 + padded;
        if (direction != PacketDirection.Unknown)
        {
            _output.WriteUInt16(block[at..], 2);
            _output.WriteUInt16(block[(at + 2)..], 4);
            _output.WriteUInt32(block[(at + 4)..], (uint)direction & 0x3);
            at += 8;
            at += WriteEndOfOptions(block[at..]);
        }

        _output.WriteUInt32(block[at..], (uint)total);
        FramesWritten++;
        OriginalBytesWritten += originalLength;
    }

    /// <summary>Writes the buffered bytes to the stream and flushes the stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        _output.Flush();
    }

    /// <summary>Flushes, then closes the stream unless the writer was told to leave it open.</summary>
    public void Dispose() => _output.Dispose();

    private static int OptionLength(int valueLength) => 4 + ((valueLength + 3) & ~3);

    private int WriteStringOption(Span<byte> destination, ushort code, string value)
    {
        int length = Encoding.UTF8.GetBytes(value, destination[4..]);
        _output.WriteUInt16(destination, code);
        _output.WriteUInt16(destination[2..], (ushort)length);
        int padded = (length + 3) & ~3;
        destination.Slice(4 + length, padded - length).Clear();
        return 4 + padded;
    }

    private static int WriteEndOfOptions(Span<byte> destination)
    {
        destination[..4].Clear();
        return 4;
    }

    [DoesNotReturn]
    private static void ThrowUnknownInterface(int interfaceId) =>
        throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId, "no such interface in the current section; call AddInterface first");

    /// <summary>What a packet block needs to know of its interface: snap length and how to count time.</summary>
    private readonly struct InterfaceInfo
    {
        private readonly bool _binary;
        private readonly int _exponent;

        public InterfaceInfo(int snapLength, bool binary, int exponent)
        {
            SnapLength = snapLength;
            _binary = binary;
            _exponent = exponent;
        }

        public int SnapLength { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong ToUnits(long timestampNs)
        {
            if (!_binary)
            {
                return _exponent switch
                {
                    9 => (ulong)timestampNs,
                    6 => (ulong)timestampNs / 1000,
                    < 9 => (ulong)timestampNs / Pow10(9 - _exponent),
                    _ => (ulong)timestampNs * Pow10(_exponent - 9),
                };
            }

            return (ulong)(((UInt128)(ulong)timestampNs << _exponent) / 1_000_000_000u);
        }

        private static ulong Pow10(int exponent)
        {
            ulong value = 1;
            for (int i = 0; i < exponent; i++)
            {
                value *= 10;
            }

            return value;
        }
    }
}
