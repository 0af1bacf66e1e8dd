using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weir.Engine.Packets;

public static partial class PacketParser
{
    /// <summary>Which IP versions the link layer admits.</summary>
    private enum IpExpect : byte
    {
        /// <summary>
        /// Ethertype 0x0800, raw IP, raw IPv4, …: the version nibble decides, as tshark's IP dissector does
        /// (an IPv4-labelled header with version 6 is read as IPv6).
        /// </summary>
        Either,

        /// <summary>Ethertype 0x86DD, raw IPv6: only version 6 is an IP header.</summary>
        V6,
    }

    private static ParseIssue ParseIp(ReadOnlySpan<byte> f, int o, IpExpect expect, ref ParsedPacket p)
    {
        if ((uint)o >= (uint)f.Length)
        {
            return ParseIssue.Truncated;
        }

        if (o > ushort.MaxValue)
        {
            return ParseIssue.BadLinkHeader;
        }

        int version = f[o] >> 4;
        if (version == 4 && expect == IpExpect.Either)
        {
            return ParseIpv4(f, o, ref p);
        }

        return version == 6 ? ParseIpv6(f, o, ref p) : ParseIssue.BadVersion;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ParseIssue ParseIpv4(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        int length = f.Length - o;
        if (length < 20)
        {
            return ParseIssue.Truncated;
        }

        // The length check above covers every fixed field, so they are read without further bounds checks.
        ref byte ip = ref Unsafe.Add(ref MemoryMarshal.GetReference(f), o);
        int headerLength = (ip & 0x0F) << 2;
        if (headerLength < 20)
        {
            return ParseIssue.BadHeaderLength;
        }

        p.NetworkOffset = (ushort)o;
        p.Source = ReadUInt32(ref ip, 12);
        p.Destination = ReadUInt32(ref ip, 16);
        byte protocol = Unsafe.Add(ref ip, 9);
        p.Protocol = protocol;
        ushort fragment = ReadUInt16(ref ip, 6);
        int offset = fragment & 0x1FFF;
        if ((fragment & 0x3FFF) != 0)
        {
            p.IsFragment = true;
            p.FragmentOffset = (ushort)offset;
            p.FragmentId = ReadUInt16(ref ip, 4);
        }

        // Ethernet padding is not transport payload; a total length of 0 (TSO) or past the capture means "use what is there".
        int totalLength = ReadUInt16(ref ip, 2);
        if (totalLength >= headerLength && totalLength < length)
        {
            length = totalLength;
        }

        if (offset == 0 && headerLength <= length && o + headerLength <= ushort.MaxValue)
        {
            ParseTransport(ref Unsafe.Add(ref ip, headerLength), length - headerLength, o + headerLength, protocol, ref p);
        }

        return ParseIssue.None;
    }

    private static ParseIssue ParseIpv6(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        ReadOnlySpan<byte> ip = f[o..];
        if (ip.Length < 40)
        {
            return ParseIssue.Truncated;
        }

        p.NetworkOffset = (ushort)o;
        p.IsIPv6 = true;
        p.Source = BinaryPrimitives.ReadUInt128BigEndian(ip[8..]);
        p.Destination = BinaryPrimitives.ReadUInt128BigEndian(ip[24..]);
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        // A payload length of 0 is a jumbogram (or TSO); otherwise trailing padding is not payload.
        if (payloadLength != 0 && 40 + payloadLength < ip.Length)
        {
            ip = ip[..(40 + payloadLength)];
        }

        byte next = ip[6];
        int cursor = 40;
        for (int walked = 0; ; walked++)
        {
            if (!IsExtensionHeader(next))
            {
                break;
            }

            if (walked == ExtensionHeaderLimit)
            {
                p.Protocol = next;
                return ParseIssue.BadExtensionHeader;
            }

            if (ip.Length - cursor < 8)
            {
                // The chain is cut short by the capture: counted, without transport fields.
                p.Protocol = next;
                return ParseIssue.None;
            }

            byte following = ip[cursor];
            int length;
            if (next == 44)
            {
                ushort offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(ip[(cursor + 2)..]);
                p.IsFragment = true;
                p.FragmentOffset = (ushort)(offsetAndFlags >> 3);
                p.FragmentId = BinaryPrimitives.ReadUInt32BigEndian(ip[(cursor + 4)..]);
                length = 8;
                if (p.FragmentOffset != 0)
                {
                    // A later fragment: what follows is payload data, not a header.
                    p.Protocol = following;
                    return ParseIssue.None;
                }
            }
            else if (next == 51)
            {
                length = (ip[cursor + 1] + 2) << 2;
            }
            else
            {
                length = (ip[cursor + 1] + 1) << 3;
            }

            next = following;
            cursor += length;
        }

        p.Protocol = next;
        if (cursor <= ip.Length && o + cursor <= ushort.MaxValue)
        {
            ParseTransport(ref Unsafe.Add(ref MemoryMarshal.GetReference(ip), cursor), ip.Length - cursor, o + cursor, next, ref p);
        }

        return ParseIssue.None;
    }

    /// <summary>
    /// IPv6 extension headers walked to reach the transport: hop-by-hop, routing, fragment, destination options,
    /// AH, mobility, HIP, shim6 and the two experimental numbers. ESP (50) ends the walk (what follows is encrypted).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsExtensionHeader(byte next) =>
        next is 0 or 43 or 44 or 51 or 60 or 135 or 139 or 140 or 253 or 254;
}
