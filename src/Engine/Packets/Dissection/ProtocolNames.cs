using System.Globalization;

namespace Weir.Engine.Packets.Dissection;

/// <summary>Short names of ethertypes, IP protocols, ICMP types and TCP flags as dissection prints them.</summary>
public static class ProtocolNames
{
    /// <summary><c>ipv4</c>, <c>arp</c>, <c>vlan</c>, … or <c>0x88b5</c>; 802.3 length values are <c>llc</c>.</summary>
    public static string EtherType(ushort type) => type switch
    {
        < 0x0600 => "llc",
        0x0800 => "ipv4",
        0x0806 => "arp",
        0x0842 => "wol",
        0x22F0 => "avtp",
        0x22F3 => "trill",
        0x6558 => "transparent-ethernet",
        0x8035 => "rarp",
        0x809B => "appletalk",
        0x80F3 => "aarp",
        0x8100 => "vlan",
        0x8137 => "ipx",
        0x86DD => "ipv6",
        0x8808 => "ethernet-flow-control",
        0x8809 => "slow-protocols",
        0x8847 => "mpls",
        0x8848 => "mpls-multicast",
        0x8863 => "pppoe-discovery",
        0x8864 => "pppoe-session",
        0x887B => "homeplug",
        0x888E => "eapol",
        0x8892 => "profinet",
        0x889A => "hyperscsi",
        0x88A2 => "aoe",
        0x88A4 => "ethercat",
        0x88A8 => "qinq",
        0x88AB => "powerlink",
        0x88B8 => "goose",
        0x88BA => "sv",
        0x88CC => "lldp",
        0x88CD => "sercos",
        0x88E1 => "homeplug-av",
        0x88E3 => "mrp",
        0x88E5 => "macsec",
        0x88E7 => "pbb",
        0x88F7 => "ptp",
        0x88FB => "prp",
        0x8902 => "cfm",
        0x8906 => "fcoe",
        0x8914 => "fip",
        0x892F => "hsr",
        0x9000 => "loopback",
        0x9100 or 0x9200 or 0x9300 => "qinq",
        0xD28B => "arista",
        _ => "0x" + type.ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary><c>tcp</c>, <c>udp</c>, <c>gre</c>, … or <c>proto-N</c>.</summary>
    public static string IpProtocol(byte protocol) => protocol switch
    {
        0 => "hopopts",
        1 => "icmp",
        2 => "igmp",
        4 => "ipip",
        6 => "tcp",
        8 => "egp",
        17 => "udp",
        33 => "dccp",
        41 => "ipv6",
        43 => "ipv6-route",
        44 => "ipv6-frag",
        46 => "rsvp",
        47 => "gre",
        50 => "esp",
        51 => "ah",
        58 => "icmpv6",
        59 => "ipv6-nonxt",
        60 => "ipv6-opts",
        88 => "eigrp",
        89 => "ospf",
        97 => "etherip",
        103 => "pim",
        108 => "ipcomp",
        112 => "vrrp",
        115 => "l2tp",
        132 => "sctp",
        135 => "mobility",
        136 => "udplite",
        137 => "mpls-in-ip",
        _ => "proto-" + protocol.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The ICMP (<paramref name="v6"/> false) or ICMPv6 message name, or null when the type has none here.</summary>
    public static string? IcmpType(byte type, byte code, bool v6)
    {
        if (!v6)
        {
            return type switch
            {
                0 => "echo-reply",
                3 => code switch
                {
                    0 => "net-unreachable",
                    1 => "host-unreachable",
                    2 => "protocol-unreachable",
                    3 => "port-unreachable",
                    4 => "fragmentation-needed",
                    13 => "admin-prohibited",
                    _ => "destination-unreachable",
                },
                4 => "source-quench",
                5 => "redirect",
                8 => "echo-request",
                9 => "router-advertisement",
                10 => "router-solicitation",
                11 => "time-exceeded",
                12 => "parameter-problem",
                13 => "timestamp-request",
                14 => "timestamp-reply",
                17 => "mask-request",
                18 => "mask-reply",
                42 => "extended-echo-request",
                43 => "extended-echo-reply",
                _ => null,
            };
        }

        return type switch
        {
            1 => code == 4 ? "port-unreachable" : "destination-unreachable",
            2 => "packet-too-big",
            3 => "time-exceeded",
            4 => "parameter-problem",
            128 => "echo-request",
            129 => "echo-reply",
            130 => "mld-query",
            131 => "mld-report",
            132 => "mld-done",
            133 => "router-solicitation",
            134 => "router-advertisement",
            135 => "neighbor-solicitation",
            136 => "neighbor-advertisement",
            137 => "redirect",
            138 => "router-renumbering",
            139 => "node-information-query",
            140 => "node-information-response",
            143 => "mldv2-report",
            160 => "extended-echo-request",
            161 => "extended-echo-reply",
            _ => null,
        };
    }

    /// <summary>TCP flags as <c>SYN,ACK</c> (empty when none is set).</summary>
    public static string TcpFlags(byte flags)
    {
        if (flags == 0)
        {
            return "";
        }

        ReadOnlySpan<string> names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
        var parts = new List<string>(4);
        // Conventional order: SYN before FIN, ACK after the rest of the control bits.
        foreach (int bit in (ReadOnlySpan<int>)[1, 0, 2, 3, 4, 5, 6, 7])
        {
            if ((flags & (1 << bit)) != 0)
            {
                parts.Add(names[bit]);
            }
        }

        return string.Join(',', parts);
    }
}
