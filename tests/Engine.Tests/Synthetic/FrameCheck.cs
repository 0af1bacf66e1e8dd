using System.Buffers.Binary;
using Weir.Engine.Flows;

namespace Weir.Engine.Tests.Synthetic;

/// <summary>
/// A test-only check that a generated Ethernet frame is well formed, by fixed offsets: Ethernet and an optional
/// 802.1Q tag, IPv4 (version, header length, total length, header checksum) or IPv6 (version, payload length),
/// then TCP, UDP, ICMP or ICMPv6 lengths and, when the whole frame was captured, the transport checksum over the
/// pseudo-header. It knows only what the generator writes (no IP options, no extension headers): the
/// project's real parser lives in Engine.Packets.
/// </summary>
internal static class FrameCheck
{
    /// <summary>What the check read from a frame.</summary>
    internal readonly record struct Info(
        bool Vlan, bool IsIPv6, UInt128 Source, UInt128 Destination, byte Protocol,
        ushort SourcePort, ushort DestinationPort, byte TcpFlags, byte IcmpType, int IpEnd)
    {
        /// <summary>Whether this frame goes from the conversation's client (ephemeral port, echo request) to its server.</summary>
        public bool FromClient => Protocol switch
        {
            6 or 17 => SourcePort >= 32768,
            _ => IcmpType is 8 or 128,
        };

        /// <summary>The flow key with the client as source, the flow model of the truth.</summary>
        public FlowKey ClientKey => FromClient
            ? new FlowKey(Source, Destination, Protocol is 6 or 17 ? DestinationPort : (ushort)0, Protocol, IsIPv6)
            : new FlowKey(Destination, Source, Protocol is 6 or 17 ? SourcePort : (ushort)0, Protocol, IsIPv6);
    }

    /// <summary>Checks <paramref name="frame"/> (possibly cut by a snap length) of wire length <paramref name="originalLength"/>; throws on the first defect.</summary>
    public static Info Check(ReadOnlySpan<byte> frame, int originalLength)
    {
        bool full = frame.Length == originalLength;
        Require(originalLength >= 60, $"frame of {originalLength} bytes is below Ethernet's minimum of 60");
        Require(originalLength <= 1518, $"frame of {originalLength} bytes is above 1518");
        int o = 12;
        bool vlan = false;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[o..]);
        if (etherType == 0x8100)
        {
            vlan = true;
            ushort vid = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) & 0x0FFF);
            Require(vid is > 0 and < 4095, $"VLAN id {vid} is reserved");
            o = 16;
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[o..]);
        }

        o += 2;
        UInt128 source, destination;
        byte protocol;
        int l4Length;
        bool ipv6;
        ulong pseudo;
        if (etherType == 0x0800)
        {
            ipv6 = false;
            ReadOnlySpan<byte> ip = frame.Slice(o, 20);
            Require(ip[0] == 0x45, $"IPv4 version/IHL byte 0x{ip[0]:x2}, expected 0x45");
            int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            Require(Fold(Sum(ip)) == 0xFFFF, "IPv4 header checksum is wrong");
            l4Length = total - 20;
            protocol = ip[9];
            source = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
            destination = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
            pseudo = Sum(ip.Slice(12, 8)) + protocol + (uint)l4Length;
            o += 20;
        }
        else
        {
            Require(etherType == 0x86DD, $"ethertype 0x{etherType:x4} is neither IPv4 nor IPv6");
            ipv6 = true;
            ReadOnlySpan<byte> ip = frame.Slice(o, 40);
            Require(ip[0] >> 4 == 6, "IPv6 version is not 6");
            l4Length = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            protocol = ip[6];
            source = BinaryPrimitives.ReadUInt128BigEndian(ip[8..]);
            destination = BinaryPrimitives.ReadUInt128BigEndian(ip[24..]);
            pseudo = Sum(ip.Slice(8, 32)) + protocol + (uint)l4Length;
            o += 40;
        }

        int ipEnd = o + l4Length;
        Require(ipEnd == originalLength || (originalLength == 60 && ipEnd < 60),
            $"IP packet ends at {ipEnd} but the frame is {originalLength} bytes");

        ushort sport = 0, dport = 0;
        byte flags = 0, icmpType = 0;
        ReadOnlySpan<byte> l4 = frame[o..];
        switch (protocol)
        {
            case 6:
                sport = BinaryPrimitives.ReadUInt16BigEndian(l4);
                dport = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                int dataOffset = (l4[12] >> 4) * 4;
                Require(dataOffset >= 20 && dataOffset <= l4Length, $"TCP data offset {dataOffset} with segment of {l4Length}");
                flags = l4[13];
                break;
            case 17:
                sport = BinaryPrimitives.ReadUInt16BigEndian(l4);
                dport = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                Require(BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) == l4Length, "UDP length differs from the IP payload length");
                break;
            case 1 or 58:
                Require(ipv6 == (protocol == 58), "ICMP over IPv6 or ICMPv6 over IPv4");
                icmpType = l4[0];
                Require(icmpType is 0 or 8 or 128 or 129, $"ICMP type {icmpType} is not echo");
                break;
            default:
                throw new InvalidOperationException($"unexpected protocol {protocol}");
        }

        if (full)
        {
            ulong sum = Sum(frame.Slice(o, l4Length)) + (protocol == 1 ? 0 : pseudo);
            Require(Fold(sum) == 0xFFFF, $"protocol {protocol} checksum is wrong");
            Require(frame[ipEnd..].IndexOfAnyExcept((byte)0) < 0, "Ethernet padding is not zero");
        }

        return new Info(vlan, ipv6, source, destination, protocol, sport, dport, flags, icmpType, ipEnd);
    }

    private static ulong Sum(ReadOnlySpan<byte> bytes)
    {
        ulong sum = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            sum += (i & 1) == 0 ? (ulong)bytes[i] << 8 : bytes[i];
        }

        return sum;
    }

    private static ulong Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
