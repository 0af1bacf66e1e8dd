using System.Buffers.Binary;

namespace Weir.Engine.Packets;

public static partial class PacketParser
{
    /// <summary>Ethertypes Weir reads; the rest are non-IP.</summary>
    internal static class EtherTypes
    {
        public const ushort Ipv4 = 0x0800;
        public const ushort Arp = 0x0806;
        public const ushort Ipv6 = 0x86DD;
        public const ushort Vlan = 0x8100;
        public const ushort QinQ = 0x88A8;
        public const ushort QinQLegacy1 = 0x9100;
        public const ushort QinQLegacy2 = 0x9200;
        public const ushort QinQLegacy3 = 0x9300;
        public const ushort MplsUnicast = 0x8847;
        public const ushort MplsMulticast = 0x8848;
        public const ushort PppoeDiscovery = 0x8863;
        public const ushort PppoeSession = 0x8864;
        public const ushort MacSec = 0x88E5;
        public const ushort ProviderBackbone = 0x88E7;
        public const ushort Arista = 0xD28B;
    }

    /// <summary>Ethernet II / 802.3: destination, source, then an ethertype or an 802.3 length.</summary>
    private static ParseIssue ParseEthernet(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 14)
        {
            return ParseIssue.Truncated;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 12)..]);
        // The common case stays short: untagged IPv4 or IPv6.
        if (type == EtherTypes.Ipv4)
        {
            return ParseIp(f, o + 14, IpExpect.Either, ref p);
        }

        if (type == EtherTypes.Ipv6)
        {
            return ParseIp(f, o + 14, IpExpect.V6, ref p);
        }

        return ParseEtherType(f, o + 14, type, ref p, 0);
    }

    /// <summary>Dispatches on an ethertype whose payload starts at <paramref name="o"/>: tags and labels are walked in a loop.</summary>
    private static ParseIssue ParseEtherType(ReadOnlySpan<byte> f, int o, ushort type, ref ParsedPacket p, int depth)
    {
        for (; depth < EncapsulationLimit; depth++)
        {
            switch (type)
            {
                case EtherTypes.Ipv4:
                    return ParseIp(f, o, IpExpect.Either, ref p);
                case EtherTypes.Ipv6:
                    return ParseIp(f, o, IpExpect.V6, ref p);
                case EtherTypes.Vlan:
                case EtherTypes.QinQ:
                case EtherTypes.QinQLegacy1:
                case EtherTypes.QinQLegacy2:
                case EtherTypes.QinQLegacy3:
                    if (f.Length - o < 4)
                    {
                        return ParseIssue.Truncated;
                    }

                    type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
                    o += 4;
                    continue;
                case EtherTypes.MplsUnicast:
                case EtherTypes.MplsMulticast:
                    return ParseMpls(f, o, ref p);
                case EtherTypes.PppoeSession:
                    return ParsePppoeSession(f, o, ref p);
                case EtherTypes.MacSec:
                    if (!TrySkipMacSec(f, ref o, ref type, out ParseIssue macSecIssue))
                    {
                        return macSecIssue;
                    }

                    continue;
                case EtherTypes.ProviderBackbone:
                    // 802.1ah I-TAG (4 bytes), then the customer destination and source addresses.
                    if (f.Length - o < 18)
                    {
                        return ParseIssue.Truncated;
                    }

                    type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 16)..]);
                    o += 18;
                    continue;
                case EtherTypes.Arista:
                    if (!TrySkipArista(f, ref o, ref type, out ParseIssue aristaIssue))
                    {
                        return aristaIssue;
                    }

                    continue;
                default:
                    if (type < 0x0600)
                    {
                        // An 802.3 length field: an 802.2 LLC header follows.
                        return ParseLlc(f, o, ref p, depth);
                    }

                    return ParseIssue.NonIp;
            }
        }

        return ParseIssue.UnsupportedEncapsulation;
    }

    /// <summary>802.2 LLC: only SNAP (AA AA 03) with an ethertype carries IP; STP, IS-IS, NetBIOS and the rest are non-IP.</summary>
    private static ParseIssue ParseLlc(ReadOnlySpan<byte> f, int o, ref ParsedPacket p, int depth)
    {
        if (f.Length - o < 3)
        {
            return ParseIssue.Truncated;
        }

        if (f[o] != 0xAA || f[o + 1] != 0xAA || f[o + 2] != 0x03)
        {
            return ParseIssue.NonIp;
        }

        if (f.Length - o < 8)
        {
            return ParseIssue.Truncated;
        }

        // Only the ethertype OUI (00-00-00) and 802.1H bridge tunnel (00-00-F8) carry an ethertype.
        if (f[o + 3] != 0 || f[o + 4] != 0 || (f[o + 5] != 0 && f[o + 5] != 0xF8))
        {
            return ParseIssue.NonIp;
        }

        return ParseEtherType(f, o + 8, BinaryPrimitives.ReadUInt16BigEndian(f[(o + 6)..]), ref p, depth + 1);
    }

    /// <summary>An MPLS label stack; after the bottom-of-stack label the version nibble tells IPv4 from IPv6.</summary>
    private static ParseIssue ParseMpls(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        for (int labels = 0; labels < EncapsulationLimit; labels++)
        {
            if (f.Length - o < 4)
            {
                return ParseIssue.Truncated;
            }

            bool bottom = (f[o + 2] & 0x01) != 0;
            o += 4;
            if (!bottom)
            {
                continue;
            }

            if (f.Length - o < 1)
            {
                return ParseIssue.Truncated;
            }

            return (f[o] >> 4) switch
            {
                4 => ParseIp(f, o, IpExpect.Either, ref p),
                6 => ParseIp(f, o, IpExpect.V6, ref p),
                // A pseudowire control word or an Ethernet payload: not decoded.
                _ => ParseIssue.UnsupportedEncapsulation,
            };
        }

        return ParseIssue.UnsupportedEncapsulation;
    }

    /// <summary>PPPoE session stage: version/type 0x11, code 0, session id, length, then the PPP protocol.</summary>
    private static ParseIssue ParsePppoeSession(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 8)
        {
            return ParseIssue.Truncated;
        }

        if (f[o] != 0x11 || f[o + 1] != 0)
        {
            return ParseIssue.BadLinkHeader;
        }

        return ParsePppProtocol(f, o + 8, BinaryPrimitives.ReadUInt16BigEndian(f[(o + 6)..]), ref p);
    }

    /// <summary>
    /// MACsec SecTAG: TCI/AN, short length, packet number, optional SCI. An integrity-only frame (E and C clear)
    /// carries its ethertype and payload in clear, which is what tshark decodes; an encrypted one cannot be read.
    /// </summary>
    private static bool TrySkipMacSec(ReadOnlySpan<byte> f, ref int o, ref ushort type, out ParseIssue issue)
    {
        if (f.Length - o < 6)
        {
            issue = ParseIssue.Truncated;
            return false;
        }

        byte tci = f[o];
        if ((tci & 0x0C) != 0)
        {
            issue = ParseIssue.UnsupportedEncapsulation;
            return false;
        }

        int header = (tci & 0x20) != 0 ? 14 : 6;
        if (f.Length - o < header + 2)
        {
            issue = ParseIssue.Truncated;
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + header)..]);
        o += header + 2;
        issue = ParseIssue.None;
        return true;
    }

    /// <summary>Arista vendor-specific header: subtype 1 (timestamp), version 0x0010/0x0110 (64-bit) or 0x0020/0x0120 (48-bit), then an ethertype.</summary>
    private static bool TrySkipArista(ReadOnlySpan<byte> f, ref int o, ref ushort type, out ParseIssue issue)
    {
        if (f.Length - o < 4)
        {
            issue = ParseIssue.Truncated;
            return false;
        }

        ushort subtype = BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
        // The defined versions: 64-bit TAI/UTC and 48-bit TAI/UTC; any other is an unknown layout (as tshark and tcpdump treat it).
        int timestamp = version switch { 0x0010 or 0x0110 => 8, 0x0020 or 0x0120 => 6, _ => -1 };
        if (subtype != 1 || timestamp < 0)
        {
            issue = ParseIssue.UnsupportedEncapsulation;
            return false;
        }

        if (f.Length - o < 4 + timestamp + 2)
        {
            issue = ParseIssue.Truncated;
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 4 + timestamp)..]);
        o += 4 + timestamp + 2;
        issue = ParseIssue.None;
        return true;
    }
}
