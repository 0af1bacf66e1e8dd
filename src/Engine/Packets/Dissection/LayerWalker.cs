using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Weir.Engine.Capture;

namespace Weir.Engine.Packets.Dissection;

/// <summary>
/// Walks a frame header by header for display, recording every layer it decodes. Unlike
/// <see cref="PacketParser"/> it allocates, and it descends into tunnels (GRE, ERSPAN, IP-in-IP, VXLAN,
/// Geneve) as extra layers; the flow key stays the parser's business.
/// </summary>
internal sealed class LayerWalker
{
    private const int MaxLayers = 32;
    private const int MaxTunnels = 4;

    private readonly List<DissectedLayer> _layers = [];
    private int _tunnels;

    public List<DissectedLayer> Layers => _layers;

    /// <summary>Source and destination of the first MAC-addressed layer (Ethernet, 802.11, SLL), if any.</summary>
    public (string Source, string Destination)? L2 { get; private set; }

    /// <summary>The name of the innermost protocol the walk reached (an ethertype name when it stopped at layer 2).</summary>
    public string? Innermost { get; private set; }

    public void Walk(ReadOnlySpan<byte> f, LinkType linkType, int networkOffsetHint)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
                Ethernet(f, 0);
                break;
            case LinkType.Raw or LinkType.RawLegacy or LinkType.RawOpenBsd or LinkType.Ipv4 or LinkType.Ipv6:
                Ip(f, 0);
                break;
            case LinkType.LinuxSll:
                Sll(f);
                break;
            case LinkType.LinuxSll2:
                Sll2(f);
                break;
            case LinkType.Ieee80211:
                Wifi(f, 0);
                break;
            case LinkType.JuniperEthernet when f.Length >= 6 && (f[3] & 0x82) == 0x80:
                int juniper = 6 + BinaryPrimitives.ReadUInt16BigEndian(f[4..]);
                Add("juniper").Add("length", (long)juniper);
                Ethernet(f, juniper);
                break;
            case LinkType.Ieee80211Radiotap:
                if (f.Length >= 8)
                {
                    int length = BinaryPrimitives.ReadUInt16LittleEndian(f[2..]);
                    Add("radiotap").Add("length", (long)length);
                    if (length >= 8 && length <= f.Length)
                    {
                        Wifi(f, length);
                    }
                }

                break;
            default:
                if (PacketParser.Supports(linkType))
                {
                    // The other link headers are small: one layer naming the link type, then IP where the parser found it.
                    DissectedLayer link = Add(LinkTypes.Name(linkType));
                    if (networkOffsetHint >= 0)
                    {
                        link.Add("length", (long)networkOffsetHint);
                        Ip(f, networkOffsetHint);
                    }
                }

                break;
        }
    }

    private DissectedLayer Add(string name)
    {
        var layer = new DissectedLayer(name);
        if (_layers.Count < MaxLayers)
        {
            _layers.Add(layer);
        }

        Innermost = name;
        return layer;
    }

    private static string Mac(ReadOnlySpan<byte> m) =>
        string.Create(17, m.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < 6; i++)
            {
                bytes[i].TryFormat(chars[(i * 3)..], out _, "x2", CultureInfo.InvariantCulture);
                if (i < 5)
                {
                    chars[i * 3 + 2] = ':';
                }
            }
        });

    private void Ethernet(ReadOnlySpan<byte> f, int o)
    {
        if (f.Length - o < 14)
        {
            return;
        }

        string dst = Mac(f.Slice(o, 6)), src = Mac(f.Slice(o + 6, 6));
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 12)..]);
        L2 ??= (src, dst);
        Add("ethernet").Add("src", src).Add("dst", dst).Add("type", ProtocolNames.EtherType(type));
        EtherPayload(f, o + 14, type);
    }

    private void Sll(ReadOnlySpan<byte> f)
    {
        if (f.Length < 16)
        {
            return;
        }

        int addressLength = BinaryPrimitives.ReadUInt16BigEndian(f[4..]);
        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[14..]);
        DissectedLayer layer = Add("linux-sll").Add("packet_type", (long)BinaryPrimitives.ReadUInt16BigEndian(f))
            .Add("arphrd", (long)BinaryPrimitives.ReadUInt16BigEndian(f[2..]));
        if (addressLength == 6)
        {
            string src = Mac(f.Slice(6, 6));
            layer.Add("src", src);
        }

        layer.Add("type", ProtocolNames.EtherType(protocol));
        if (protocol >= 0x0600)
        {
            EtherPayload(f, 16, protocol);
        }
    }

    private void Sll2(ReadOnlySpan<byte> f)
    {
        if (f.Length < 20)
        {
            return;
        }

        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f);
        DissectedLayer layer = Add("linux-sll2").Add("ifindex", (long)BinaryPrimitives.ReadUInt32BigEndian(f[4..]))
            .Add("arphrd", (long)BinaryPrimitives.ReadUInt16BigEndian(f[8..])).Add("packet_type", (long)f[10]);
        if (f[11] == 6)
        {
            layer.Add("src", Mac(f.Slice(12, 6)));
        }

        layer.Add("type", ProtocolNames.EtherType(protocol));
        if (protocol >= 0x0600)
        {
            EtherPayload(f, 20, protocol);
        }
    }

    private void Wifi(ReadOnlySpan<byte> f, int o)
    {
        // Control frames are short (an ACK has one address in 10 bytes); data and management frames have three.
        if (f.Length - o < 10)
        {
            return;
        }

        byte control = f[o], flags = f[o + 1];
        int type = (control >> 2) & 3, subtype = control >> 4;
        bool toDs = (flags & 1) != 0, fromDs = (flags & 2) != 0;
        string typeName = type switch { 0 => "management", 1 => "control", 2 => "data", _ => "extension" };
        string a1 = Mac(f.Slice(o + 4, 6));
        string? a2 = f.Length - o >= 16 ? Mac(f.Slice(o + 10, 6)) : null;
        string? a3 = f.Length - o >= 22 ? Mac(f.Slice(o + 16, 6)) : null;
        // Addresses by DS bits: the destination is addr1 unless to-DS (then addr3); the source addr2 unless from-DS (then addr3).
        string dst = toDs && a3 is not null ? a3 : a1;
        string? src = fromDs && !toDs && a3 is not null ? a3 : a2;
        DissectedLayer layer = Add("ieee802.11");
        if (src is not null)
        {
            L2 ??= (src, dst);
            layer.Add("src", src);
        }

        layer.Add("dst", dst).Add("type", typeName).Add("subtype", (long)subtype).Add("protected", (flags & 0x40) != 0);
        if (type != 2 || (subtype & 4) != 0 || (flags & 0x40) != 0 || f.Length - o < 24)
        {
            Innermost = "wlan-" + typeName;
            return;
        }

        int header = 24 + (toDs && fromDs ? 6 : 0);
        if ((subtype & 8) != 0)
        {
            header += 2 + ((flags & 0x80) != 0 ? 4 : 0);
        }

        Llc(f, o + header);
    }

    private void Llc(ReadOnlySpan<byte> f, int o)
    {
        if (f.Length - o < 3)
        {
            return;
        }

        DissectedLayer layer = Add("llc").Add("dsap", (long)f[o]).Add("ssap", (long)f[o + 1]);
        if (f[o] == 0xAA && f[o + 1] == 0xAA && f.Length - o >= 8)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 6)..]);
            layer.Add("type", ProtocolNames.EtherType(type));
            if (f[o + 3] == 0 && f[o + 4] == 0 && (f[o + 5] == 0 || f[o + 5] == 0xF8))
            {
                EtherPayload(f, o + 8, type);
            }
        }
    }

    private void EtherPayload(ReadOnlySpan<byte> f, int o, ushort type)
    {
        for (int depth = 0; depth < PacketParser.EncapsulationLimit; depth++)
        {
            switch (type)
            {
                case 0x0800:
                case 0x86DD:
                    Ip(f, o);
                    return;
                case 0x8100 or 0x88A8 or 0x9100 or 0x9200 or 0x9300:
                    if (f.Length - o < 4)
                    {
                        return;
                    }

                    ushort tci = BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
                    type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
                    Add("vlan").Add("id", (long)(tci & 0x0FFF)).Add("pcp", (long)(tci >> 13)).Add("type", ProtocolNames.EtherType(type));
                    o += 4;
                    continue;
                case 0x8847 or 0x8848:
                    Mpls(f, o);
                    return;
                case 0x8864:
                    if (f.Length - o < 8)
                    {
                        return;
                    }

                    ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 6)..]);
                    Add("pppoe").Add("session", (long)BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..])).Add("protocol", "0x" + protocol.ToString("x4", CultureInfo.InvariantCulture));
                    if (protocol is 0x21 or 0x57)
                    {
                        Ip(f, o + 8);
                    }

                    return;
                case 0x88E5:
                    if (f.Length - o < 8 || (f[o] & 0x0C) != 0)
                    {
                        Add("macsec").Add("encrypted", true);
                        return;
                    }

                    int header = (f[o] & 0x20) != 0 ? 14 : 6;
                    if (f.Length - o < header + 2)
                    {
                        return;
                    }

                    type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + header)..]);
                    Add("macsec").Add("encrypted", false).Add("type", ProtocolNames.EtherType(type));
                    o += header + 2;
                    continue;
                case 0xD28B:
                    if (f.Length - o < 4)
                    {
                        return;
                    }

                    ushort version = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
                    int timestamp = version switch { 0x0010 or 0x0110 => 8, 0x0020 or 0x0120 => 6, _ => -1 };
                    if (timestamp < 0 || f.Length - o < 6 + timestamp)
                    {
                        Add("arista").Add("version", "0x" + version.ToString("x4", CultureInfo.InvariantCulture));
                        return;
                    }

                    type = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 4 + timestamp)..]);
                    Add("arista").Add("version", "0x" + version.ToString("x4", CultureInfo.InvariantCulture)).Add("type", ProtocolNames.EtherType(type));
                    o += 6 + timestamp;
                    continue;
                default:
                    if (type < 0x0600)
                    {
                        Llc(f, o);
                    }

                    return;
            }
        }
    }

    private void Mpls(ReadOnlySpan<byte> f, int o)
    {
        for (int i = 0; i < PacketParser.EncapsulationLimit && f.Length - o >= 4; i++)
        {
            uint entry = BinaryPrimitives.ReadUInt32BigEndian(f[o..]);
            bool bottom = (entry & 0x100) != 0;
            Add("mpls").Add("label", (long)(entry >> 12)).Add("tc", (long)((entry >> 9) & 7)).Add("bottom", bottom).Add("ttl", (long)(entry & 0xFF));
            o += 4;
            if (bottom)
            {
                if (f.Length > o && (f[o] >> 4) is 4 or 6)
                {
                    Ip(f, o);
                }

                return;
            }
        }
    }

    private void Ip(ReadOnlySpan<byte> f, int o)
    {
        if (f.Length - o < 1)
        {
            return;
        }

        int version = f[o] >> 4;
        if (version == 4 && f.Length - o >= 20)
        {
            Ipv4(f, o);
        }
        else if (version == 6 && f.Length - o >= 40)
        {
            Ipv6(f, o);
        }
    }

    private void Ipv4(ReadOnlySpan<byte> f, int o)
    {
        ReadOnlySpan<byte> ip = f[o..];
        int headerLength = (ip[0] & 0x0F) * 4;
        byte protocol = ip[9];
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        DissectedLayer layer = Add("ipv4")
            .Add("src", new IPAddress(ip.Slice(12, 4)).ToString()).Add("dst", new IPAddress(ip.Slice(16, 4)).ToString())
            .Add("proto", ProtocolNames.IpProtocol(protocol)).Add("ttl", (long)ip[8]).Add("length", (long)totalLength)
            .Add("header_length", (long)headerLength);
        if ((fragment & 0x3FFF) != 0)
        {
            layer.Add("fragment_offset", (long)(fragment & 0x1FFF) * 8).Add("more_fragments", (fragment & 0x2000) != 0)
                .Add("id", (long)BinaryPrimitives.ReadUInt16BigEndian(ip[4..]));
        }

        if (headerLength < 20 || headerLength > ip.Length || (fragment & 0x1FFF) != 0)
        {
            return;
        }

        int end = totalLength >= headerLength && totalLength < ip.Length ? o + totalLength : f.Length;
        Transport(f[..end], o + headerLength, protocol);
    }

    private void Ipv6(ReadOnlySpan<byte> f, int o)
    {
        ReadOnlySpan<byte> ip = f[o..];
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        byte next = ip[6];
        Add("ipv6").Add("src", new IPAddress(ip.Slice(8, 16)).ToString()).Add("dst", new IPAddress(ip.Slice(24, 16)).ToString())
            .Add("next", ProtocolNames.IpProtocol(next)).Add("hop_limit", (long)ip[7]).Add("payload_length", (long)payloadLength);
        int end = payloadLength != 0 && 40 + payloadLength < ip.Length ? o + 40 + payloadLength : f.Length;
        f = f[..end];
        int cursor = o + 40;
        for (int walked = 0; walked < PacketParser.ExtensionHeaderLimit; walked++)
        {
            if (next is not (0 or 43 or 44 or 51 or 60 or 135 or 139 or 140) || f.Length - cursor < 8)
            {
                break;
            }

            byte following = f[cursor];
            int length = next switch { 44 => 8, 51 => (f[cursor + 1] + 2) * 4, _ => (f[cursor + 1] + 1) * 8 };
            DissectedLayer layer = Add(next switch
            {
                0 => "ipv6-hopopts",
                43 => "ipv6-route",
                44 => "ipv6-frag",
                51 => "ah",
                60 => "ipv6-dstopts",
                135 => "ipv6-mobility",
                _ => ProtocolNames.IpProtocol(next),
            }).Add("next", ProtocolNames.IpProtocol(following)).Add("length", (long)length);
            if (next == 44)
            {
                ushort offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(f[(cursor + 2)..]);
                layer.Add("fragment_offset", (long)(offsetAndFlags >> 3) * 8).Add("more_fragments", (offsetAndFlags & 1) != 0)
                    .Add("id", (long)BinaryPrimitives.ReadUInt32BigEndian(f[(cursor + 4)..]));
                if (offsetAndFlags >> 3 != 0)
                {
                    return;
                }
            }

            next = following;
            cursor += length;
        }

        if (cursor <= f.Length)
        {
            Transport(f, cursor, next);
        }
    }

    private void Transport(ReadOnlySpan<byte> f, int o, byte protocol)
    {
        ReadOnlySpan<byte> t = f[o..];
        switch (protocol)
        {
            case 6 when t.Length >= 16:
                Add("tcp").Add("sport", (long)BinaryPrimitives.ReadUInt16BigEndian(t)).Add("dport", (long)BinaryPrimitives.ReadUInt16BigEndian(t[2..]))
                    .Add("flags", ProtocolNames.TcpFlags(t[13])).Add("seq", (long)BinaryPrimitives.ReadUInt32BigEndian(t[4..]))
                    .Add("ack", (long)BinaryPrimitives.ReadUInt32BigEndian(t[8..])).Add("window", (long)BinaryPrimitives.ReadUInt16BigEndian(t[14..]));
                break;
            case 6 or 132 or 33 or 136 when t.Length >= 4:
                Add(ProtocolNames.IpProtocol(protocol)).Add("sport", (long)BinaryPrimitives.ReadUInt16BigEndian(t)).Add("dport", (long)BinaryPrimitives.ReadUInt16BigEndian(t[2..]));
                break;
            case 17 when t.Length >= 8:
                ushort sport = BinaryPrimitives.ReadUInt16BigEndian(t), dport = BinaryPrimitives.ReadUInt16BigEndian(t[2..]);
                Add("udp").Add("sport", (long)sport).Add("dport", (long)dport).Add("length", (long)BinaryPrimitives.ReadUInt16BigEndian(t[4..]));
                Udp(f, o + 8, sport, dport);
                break;
            case 17 when t.Length >= 4:
                Add("udp").Add("sport", (long)BinaryPrimitives.ReadUInt16BigEndian(t)).Add("dport", (long)BinaryPrimitives.ReadUInt16BigEndian(t[2..]));
                break;
            case 1 or 58 when t.Length >= 2:
                bool isV6 = protocol == 58;
                DissectedLayer icmp = Add(isV6 ? "icmpv6" : "icmp").Add("type", (long)t[0]).Add("code", (long)t[1]);
                if (ProtocolNames.IcmpType(t[0], t[1], isV6) is { } name)
                {
                    icmp.Add("name", name);
                }

                break;
            case 47 when t.Length >= 4:
                Gre(f, o);
                break;
            case 50 when t.Length >= 8:
                Add("esp").Add("spi", (long)BinaryPrimitives.ReadUInt32BigEndian(t)).Add("seq", (long)BinaryPrimitives.ReadUInt32BigEndian(t[4..]));
                break;
            case 4 or 41 when _tunnels < MaxTunnels:
                _tunnels++;
                Ip(f, o);
                break;
        }
    }

    private void Udp(ReadOnlySpan<byte> f, int o, ushort sport, ushort dport)
    {
        if (_tunnels >= MaxTunnels || f.Length - o < 8)
        {
            return;
        }

        if (dport == 4789 || sport == 4789)
        {
            _tunnels++;
            Add("vxlan").Add("vni", (long)(BinaryPrimitives.ReadUInt32BigEndian(f[(o + 4)..]) >> 8));
            Ethernet(f, o + 8);
        }
        else if (dport == 6081)
        {
            int options = (f[o] & 0x3F) * 4;
            ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
            _tunnels++;
            Add("geneve").Add("vni", (long)(BinaryPrimitives.ReadUInt32BigEndian(f[(o + 4)..]) >> 8)).Add("protocol", ProtocolNames.EtherType(protocol));
            if (protocol == 0x6558)
            {
                Ethernet(f, o + 8 + options);
            }
            else if (f.Length >= o + 8 + options)
            {
                EtherPayload(f, o + 8 + options, protocol);
            }
        }
    }

    private void Gre(ReadOnlySpan<byte> f, int o)
    {
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(f[o..]);
        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]);
        int version = flags & 7;
        Add("gre").Add("protocol", ProtocolNames.EtherType(protocol)).Add("version", (long)version);
        if (version != 0 || _tunnels >= MaxTunnels)
        {
            return;
        }

        int header = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + ((flags & 0x1000) != 0 ? 4 : 0);
        if (f.Length - o < header)
        {
            return;
        }

        _tunnels++;
        o += header;
        switch (protocol)
        {
            case 0x6558:
                Ethernet(f, o);
                break;
            case 0x88BE when (flags & 0x1000) != 0 && f.Length - o >= 8:
                // ERSPAN type II: an 8-byte header, then the mirrored Ethernet frame.
                Add("erspan").Add("version", 2L).Add("session", (long)(BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]) & 0x3FF));
                Ethernet(f, o + 8);
                break;
            case 0x88BE:
                // ERSPAN type I: no header of its own.
                Add("erspan").Add("version", 1L);
                Ethernet(f, o);
                break;
            case 0x22EB when f.Length - o >= 12:
                // ERSPAN type III: 12 bytes, 8 more with the optional platform sub-header.
                int erspan = 12 + ((f[o + 11] & 1) != 0 ? 8 : 0);
                Add("erspan").Add("version", 3L).Add("session", (long)(BinaryPrimitives.ReadUInt16BigEndian(f[(o + 2)..]) & 0x3FF));
                Ethernet(f, o + erspan);
                break;
            default:
                EtherPayload(f, o, protocol);
                break;
        }
    }
}
