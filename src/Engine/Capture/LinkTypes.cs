using System.Globalization;

namespace Weir.Engine.Capture;

/// <summary>Names of link-layer header types (tcpdump's LINKTYPE_ registry, lower case), for messages and dissection.</summary>
public static class LinkTypes
{
    private static readonly Dictionary<int, string> s_names = new()
    {
        [0] = "null", [1] = "ethernet", [3] = "ax25", [6] = "ieee802.5", [7] = "arcnet-bsd", [8] = "slip", [9] = "ppp",
        [10] = "fddi", [12] = "raw", [14] = "raw", [50] = "ppp-hdlc", [51] = "pppoe", [100] = "atm-rfc1483", [101] = "raw",
        [104] = "c-hdlc", [105] = "ieee802.11", [106] = "atm-clip", [107] = "frame-relay", [108] = "loop", [113] = "linux-sll",
        [114] = "localtalk", [117] = "pflog", [119] = "ieee802.11-prism", [122] = "ip-over-fc", [123] = "sunatm",
        [127] = "ieee802.11-radiotap", [129] = "arcnet-linux", [137] = "juniper-atm2", [138] = "juniper-atm1",
        [143] = "juniper-mlppp", [163] = "ieee802.11-avs", [178] = "juniper-ether", [192] = "ppi", [195] = "ieee802.15.4",
        [197] = "erf", [201] = "bluetooth-hci-h4", [220] = "usb-linux-mmapped", [226] = "ipnet", [227] = "can-socketcan",
        [228] = "ipv4", [229] = "ipv6", [231] = "dbus", [239] = "nflog", [240] = "netanalyzer", [242] = "ipoib",
        [249] = "usbpcap", [258] = "pktap", [263] = "ieee802.15.4-tap", [271] = "vsock", [274] = "ebhscr", [276] = "linux-sll2",
    };

    /// <summary>
    /// The registry name of <paramref name="linkType"/> (for example <c>linux-sll</c>), <c>userN</c> for the
    /// user-defined range 147–162, or <c>linktype-N</c> for numbers without a name here.
    /// </summary>
    public static string Name(LinkType linkType)
    {
        int value = (int)linkType;
        if (s_names.TryGetValue(value, out string? name))
        {
            return name;
        }

        return value is >= 147 and <= 162
            ? "user" + (value - 147).ToString(CultureInfo.InvariantCulture)
            : "linktype-" + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>160 (user13)</c>: the number and the name, as error messages print a link type.</summary>
    public static string Describe(LinkType linkType) =>
        ((int)linkType).ToString(CultureInfo.InvariantCulture) + " (" + Name(linkType) + ")";
}
