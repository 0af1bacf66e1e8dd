namespace Weir.Engine.Query;

/// <summary>IANA protocol numbers by the names operators type and read.</summary>
public static class ProtocolNames
{
    private static readonly Dictionary<string, byte> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icmp"] = 1, ["igmp"] = 2, ["ipip"] = 4, ["tcp"] = 6, ["egp"] = 8, ["udp"] = 17, ["ipv6"] = 41, ["rsvp"] = 46, ["gre"] = 47,
        ["esp"] = 50, ["ah"] = 51, ["icmpv6"] = 58, ["icmp6"] = 58, ["ipv6-icmp"] = 58, ["eigrp"] = 88, ["ospf"] = 89, ["pim"] = 103,
        ["vrrp"] = 112, ["l2tp"] = 115, ["sctp"] = 132, ["udplite"] = 136, ["mpls"] = 137,
    };

    /// <summary>The number of a protocol name (case-insensitive), or a decimal number 0–255.</summary>
    public static bool TryParse(string text, out byte protocol)
    {
        if (s_byName.TryGetValue(text, out protocol))
        {
            return true;
        }

        return byte.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out protocol);
    }

    /// <summary>The display name of a protocol number (the number itself when unnamed).</summary>
    public static string Name(byte protocol) => protocol switch
    {
        1 => "ICMP", 2 => "IGMP", 4 => "IPIP", 6 => "TCP", 17 => "UDP", 41 => "IPv6", 47 => "GRE", 50 => "ESP", 51 => "AH",
        58 => "ICMPv6", 89 => "OSPF", 103 => "PIM", 112 => "VRRP", 132 => "SCTP",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
