using System.Buffers.Binary;
using Weir.Engine.Capture;

namespace Weir.Engine.Packets;

public static partial class PacketParser
{
    private static ParseIssue ParseLink(ReadOnlySpan<byte> f, int o, LinkType linkType, ref ParsedPacket p, int depth)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
                return ParseEthernet(f, o, ref p);
            case LinkType.Raw:
            case LinkType.RawLegacy:
            case LinkType.RawOpenBsd:
                return ParseIp(f, o, IpExpect.Either, ref p);
            case LinkType.Ipv4:
                return ParseIp(f, o, IpExpect.Either, ref p);
            case LinkType.Ipv6:
                return ParseIp(f, o, IpExpect.V6, ref p);
            case LinkType.LinuxSll:
                return ParseSll(f, o, ref p);
            case LinkType.LinuxSll2:
                return ParseSll2(f, o, ref p);
            case LinkType.Null:
                return ParseNull(f, o, bigEndian: false, ref p);
            case LinkType.Loop:
                return ParseNull(f, o, bigEndian: true, ref p);
            case LinkType.Ppp:
            case LinkType.PppHdlc:
                return ParsePpp(f, o, ref p);
            case LinkType.CiscoHdlc:
                return ParseCiscoHdlc(f, o, ref p);
            case LinkType.Nflog:
                return ParseNflog(f, o, ref p);
            case LinkType.Ieee80211:
                return Parse80211(f, o, ref p);
            case LinkType.Ieee80211Radiotap:
                return ParseRadiotap(f, o, ref p);
            case LinkType.FrameRelay:
                return ParseFrameRelay(f, o, ref p);
            case LinkType.IpNet:
                return ParseIpNet(f, o, ref p);
            case LinkType.IpOverInfiniband:
                return ParseIpOverInfiniband(f, o, ref p);
            case LinkType.ArcnetLinux:
                return ParseArcnetLinux(f, o, ref p);
            case LinkType.Pktap:
                return ParsePktap(f, o, ref p, depth);
            case LinkType.JuniperEthernet:
                return ParseJuniper(f, o, ref p);
            default:
                return ParseIssue.UnsupportedLinkType;
        }
    }

    /// <summary>Linux cooked capture v1: packet type, ARPHRD type, address length and address, protocol.</summary>
    private static ParseIssue ParseSll(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 16)
        {
            return ParseIssue.Truncated;
        }

        ushort hardware = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 14)..]);
        return ParseSllProtocol(f, o + 16, hardware, protocol, ref p);
    }

    /// <summary>Linux cooked capture v2: protocol first, then interface index, ARPHRD type, packet type, address.</summary>
    private static ParseIssue ParseSll2(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 20)
        {
            return ParseIssue.Truncated;
        }

        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
        ushort hardware = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 8)..]);
        return ParseSllProtocol(f, o + 20, hardware, protocol, ref p);
    }

    private static ParseIssue ParseSllProtocol(ReadOnlySpan<byte> f, int o, ushort hardware, ushort protocol, ref ParsedPacket p)
    {
        const ushort ArphrdNetlink = 824;
        if (hardware == ArphrdNetlink)
        {
            return ParseIssue.NonIp;
        }

        return protocol switch
        {
            // Linux's pseudo-protocols for frames without an ethertype: 802.3 "raw" and 802.2 LLC.
            0x0001 => ParseIssue.NonIp,
            0x0004 => ParseLlc(f, o, ref p, 0),
            _ => ParseEtherType(f, o, protocol, ref p, 0),
        };
    }

    /// <summary>BSD loopback (address family in the capturing host's byte order) and OpenBSD loop (network order).</summary>
    private static ParseIssue ParseNull(ReadOnlySpan<byte> f, int o, bool bigEndian, ref ParsedPacket p)
    {
        if (f.Length - o < 4)
        {
            return ParseIssue.Truncated;
        }

        uint family = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(f[o..]) : BinaryPrimitives.ReadUInt32LittleEndian(f[o..]);
        if (!bigEndian && (family & 0xFFFF) == 0 && family != 0)
        {
            // Written by a big-endian host: the family sits in the high half when read little-endian.
            family = BinaryPrimitives.ReverseEndianness(family);
        }

        return family switch
        {
            2 => ParseIp(f, o + 4, IpExpect.Either, ref p),
            // AF_INET6 differs per BSD: NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30, Linux 10.
            10 or 24 or 28 or 30 => ParseIp(f, o + 4, IpExpect.V6, ref p),
            _ => ParseIssue.NonIp,
        };
    }

    /// <summary>PPP with or without HDLC-like framing (FF 03), protocol field compressed or not.</summary>
    private static ParseIssue ParsePpp(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 2)
        {
            return ParseIssue.Truncated;
        }

        if (f[o] == 0xFF && f[o + 1] == 0x03)
        {
            o += 2;
        }
        else if (f[o] is 0x0F or 0x8F)
        {
            // Cisco HDLC framing inside a PPP-in-HDLC capture.
            return ParseCiscoHdlc(f, o, ref p);
        }

        if (f.Length - o < 1)
        {
            return ParseIssue.Truncated;
        }

        int protocol;
        if ((f[o] & 1) != 0)
        {
            protocol = f[o];
            o += 1;
        }
        else
        {
            if (f.Length - o < 2)
            {
                return ParseIssue.Truncated;
            }

            protocol = BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
            o += 2;
        }

        return ParsePppProtocol(f, o, protocol, ref p);
    }

    private static ParseIssue ParsePppProtocol(ReadOnlySpan<byte> f, int o, int protocol, ref ParsedPacket p) => protocol switch
    {
        0x0021 => ParseIp(f, o, IpExpect.Either, ref p),
        0x0057 => ParseIp(f, o, IpExpect.V6, ref p),
        0x0281 or 0x0283 => ParseMpls(f, o, ref p),
        _ => ParseIssue.NonIp,
    };

    /// <summary>Cisco HDLC: address (0x0F unicast, 0x8F broadcast), control, ethertype.</summary>
    private static ParseIssue ParseCiscoHdlc(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 4)
        {
            return ParseIssue.Truncated;
        }

        return ParseEtherType(f, o + 4, BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]), ref p, 0);
    }

    /// <summary>Linux NFLOG: family, version, resource id, then TLVs (host byte order) of which type 9 is the IP packet.</summary>
    private static ParseIssue ParseNflog(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        const int PayloadTlv = 9;
        if (f.Length - o < 4)
        {
            return ParseIssue.Truncated;
        }

        byte family = f[o];
        if (f[o + 1] != 0)
        {
            return ParseIssue.BadLinkHeader;
        }

        o += 4;
        while (f.Length - o >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(f[o..]);
            int type = BinaryPrimitives.ReadUInt16LittleEndian(f[(o + 2)..]) & 0x7FFF;
            if (length < 4)
            {
                return ParseIssue.BadLinkHeader;
            }

            if (type == PayloadTlv)
            {
                ReadOnlySpan<byte> upToPayloadEnd = f[..Math.Min(f.Length, o + length)];
                return family switch
                {
                    2 => ParseIp(upToPayloadEnd, o + 4, IpExpect.Either, ref p),
                    10 => ParseIp(upToPayloadEnd, o + 4, IpExpect.V6, ref p),
                    _ => ParseIp(upToPayloadEnd, o + 4, IpExpect.Either, ref p),
                };
            }

            o += (length + 3) & ~3;
        }

        return o > f.Length ? ParseIssue.Truncated : ParseIssue.NonIp;
    }

    /// <summary>Frame Relay: Q.922 address, then RFC 2427 (UI control, NLPID) or Cisco (ethertype) encapsulation.</summary>
    private static ParseIssue ParseFrameRelay(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        int end = o;
        // The address extends until a byte with the EA bit set (2 to 4 bytes).
        while (end < f.Length && (f[end] & 1) == 0 && end - o < 4)
        {
            end++;
        }

        o = end + 1;
        if (f.Length - o < 2)
        {
            return ParseIssue.Truncated;
        }

        if (f[o] != 0x03)
        {
            return ParseEtherType(f, o + 2, BinaryPrimitives.ReadUInt16BigEndian(f[o..]), ref p, 0);
        }

        o++;
        if (f[o] == 0x00)
        {
            o++;
        }

        if (f.Length - o < 1)
        {
            return ParseIssue.Truncated;
        }

        switch (f[o])
        {
            case 0xCC:
                return ParseIp(f, o + 1, IpExpect.Either, ref p);
            case 0x8E:
                return ParseIp(f, o + 1, IpExpect.V6, ref p);
            case 0x80:
                if (f.Length - o < 6)
                {
                    return ParseIssue.Truncated;
                }

                return f[o + 1] == 0 && f[o + 2] == 0 && f[o + 3] == 0
                    ? ParseEtherType(f, o + 6, BinaryPrimitives.ReadUInt16BigEndian(f[(o + 4)..]), ref p, 0)
                    : ParseIssue.NonIp;
            default:
                return ParseIssue.NonIp;
        }
    }

    /// <summary>Solaris ipnet: a 24-byte header whose second byte is the address family (2 IPv4, 26 IPv6).</summary>
    private static ParseIssue ParseIpNet(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 24)
        {
            return ParseIssue.Truncated;
        }

        return f[o + 1] switch
        {
            2 => ParseIp(f, o + 24, IpExpect.Either, ref p),
            26 => ParseIp(f, o + 24, IpExpect.V6, ref p),
            _ => ParseIssue.NonIp,
        };
    }

    /// <summary>IP over InfiniBand (Linux): a 40-byte pseudo-header of hardware addresses, then ethertype and 2 reserved bytes.</summary>
    private static ParseIssue ParseIpOverInfiniband(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 44)
        {
            return ParseIssue.Truncated;
        }

        return ParseEtherType(f, o + 44, BinaryPrimitives.ReadUInt16BigEndian(f[(o + 40)..]), ref p, 0);
    }

    /// <summary>ARCnet with the Linux header: source, destination, offset, then the protocol id and its header.</summary>
    private static ParseIssue ParseArcnetLinux(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 5)
        {
            return ParseIssue.Truncated;
        }

        return f[o + 4] switch
        {
            // RFC 1051 IP: no further header.
            0xF0 => ParseIp(f, o + 5, IpExpect.Either, ref p),
            // RFC 1201 IP and IPv6: split flag and sequence number follow the protocol id.
            0xD4 => f.Length - o < 8 ? ParseIssue.Truncated : ParseIp(f, o + 8, IpExpect.Either, ref p),
            0xC4 => f.Length - o < 8 ? ParseIssue.Truncated : ParseIp(f, o + 8, IpExpect.V6, ref p),
            _ => ParseIssue.NonIp,
        };
    }

    /// <summary>Apple PKTAP: a header (its length and the inner link type in little-endian) before the real frame.</summary>
    private static ParseIssue ParsePktap(ReadOnlySpan<byte> f, int o, ref ParsedPacket p, int depth)
    {
        if (f.Length - o < 8)
        {
            return ParseIssue.Truncated;
        }

        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(f[o..]);
        var inner = (LinkType)BinaryPrimitives.ReadUInt32LittleEndian(f[(o + 4)..]);
        if (headerLength < 8 || headerLength > (uint)(f.Length - o) || inner == LinkType.Pktap || depth >= 1)
        {
            return ParseIssue.BadLinkHeader;
        }

        return ParseLink(f, o + (int)headerLength, inner, ref p, depth + 1);
    }

    /// <summary>
    /// Juniper metadata header: magic "MGC", flags, then (flag 0x80) a 2-byte extension length and TLVs; flag 0x02
    /// says the layer-2 header was stripped, so IP follows directly.
    /// </summary>
    private static ParseIssue ParseJuniper(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 4)
        {
            return ParseIssue.Truncated;
        }

        if (f[o] != 0x4D || f[o + 1] != 0x47 || f[o + 2] != 0x43)
        {
            return ParseIssue.BadLinkHeader;
        }

        byte flags = f[o + 3];
        o += 4;
        if ((flags & 0x80) != 0)
        {
            if (f.Length - o < 2)
            {
                return ParseIssue.Truncated;
            }

            o += 2 + BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
        }

        return (flags & 0x02) != 0 ? ParseIp(f, o, IpExpect.Either, ref p) : ParseEthernet(f, o, ref p);
    }
}
