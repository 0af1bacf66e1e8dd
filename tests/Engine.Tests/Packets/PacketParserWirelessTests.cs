using Weir.Engine.Capture;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets;

public sealed class PacketParserWirelessTests
{
    private const string V4Syn = "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 40000 -> 80 flags 0x02";
    private static readonly byte[] s_addresses = new byte[18];
    private static readonly byte[] s_snapIpv4 = Hex("aaaa03 000000 0800");

    private static byte[] Wifi(string control, params byte[][] rest) => Cat(Hex(control), Hex("0000"), s_addresses, Hex("0000"), Cat(rest));

    public static TheoryData<string, LinkType, byte[], string> Cases => new()
    {
        // Data frame (type 2, subtype 0), from DS, LLC/SNAP IPv4.
        { "data", LinkType.Ieee80211, Wifi("0802", s_snapIpv4, V4(6, TcpSyn)), V4Syn },
        // QoS data (subtype 8): two more header bytes.
        { "qos data", LinkType.Ieee80211, Wifi("8801", Hex("0000"), s_snapIpv4, V4(6, TcpSyn)), V4Syn },
        // QoS data with Order set: an HT control field (4 bytes) follows the QoS control.
        { "qos data htc", LinkType.Ieee80211, Wifi("8881", Hex("0000"), Hex("00000000"), s_snapIpv4, V4(6, TcpSyn)), V4Syn },
        // Four addresses (to DS and from DS): six more header bytes.
        { "wds", LinkType.Ieee80211, Wifi("0803", new byte[6], s_snapIpv4, V4(6, TcpSyn)), V4Syn },
        // A-MSDU: the first subframe header (DA, SA, length) precedes LLC.
        { "amsdu", LinkType.Ieee80211, Wifi("8801", Hex("8000"), new byte[12], U16(60), s_snapIpv4, V4(6, TcpSyn)), V4Syn },
        // Protected frame: encrypted, cannot be read.
        { "protected", LinkType.Ieee80211, Wifi("0842", new byte[8], s_snapIpv4, V4(6, TcpSyn)), "unsupported-encapsulation" },
        // Beacon (management).
        { "beacon", LinkType.Ieee80211, Wifi("8000", new byte[12]), "non-ip" },
        // Null function (data type, subtype 4): no payload.
        { "null data", LinkType.Ieee80211, Wifi("4801"), "non-ip" },
        // Data frame cut inside the MAC header.
        { "short", LinkType.Ieee80211, Hex("0802 0000 0000"), "truncated" },
        // Data frame whose LLC is not SNAP.
        { "llc not snap", LinkType.Ieee80211, Wifi("0802", Hex("424203"), new byte[10]), "non-ip" },
        // Radiotap (version 0, length 12) then a data frame.
        { "radiotap", LinkType.Ieee80211Radiotap, Cat(Hex("00000c00 02000000 10000000"), Wifi("0802", s_snapIpv4, V4(6, TcpSyn))), V4Syn },
        // Radiotap version 1: malformed.
        { "radiotap version", LinkType.Ieee80211Radiotap, Cat(Hex("01000800 00000000"), Wifi("0802", s_snapIpv4, V4(6, TcpSyn))), "bad-link-header" },
        // Radiotap length 4: below the 8-byte minimum.
        { "radiotap short length", LinkType.Ieee80211Radiotap, Cat(Hex("00000400 00000000"), Wifi("0802", s_snapIpv4)), "bad-link-header" },
        // Radiotap length past the frame.
        { "radiotap long length", LinkType.Ieee80211Radiotap, Hex("00000001 00000000 0000"), "truncated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Wireless_GivesExpectedResult(string name, LinkType linkType, byte[] frame, string expected)
    {
        _ = name;
        Assert.Equal(expected, Parse(frame, linkType));
    }
}
