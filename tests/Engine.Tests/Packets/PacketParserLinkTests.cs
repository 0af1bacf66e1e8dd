using Weir.Engine.Capture;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets;

public sealed class PacketParserLinkTests
{
    private const string V4Syn = "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 40000 -> 80 flags 0x02";
    private const string V6Udp = "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 1 -> 2";

    public static TheoryData<string, LinkType, byte[], string> Cases => new()
    {
        // Linux SLL: packet type, ARPHRD_ETHER, address length 6, address, protocol 0x0800.
        { "sll", LinkType.LinuxSll, Cat(Hex("0000 0001 0006 aabbccddeeff0000 0800"), V4(6, TcpSyn)), V4Syn },
        // Linux SLL with ARPHRD_IPGRE and protocol 0x86DD.
        { "sll ipgre", LinkType.LinuxSll, Cat(Hex("0000 030a 0000 0000000000000000 86dd"), V6(17, Udp(1, 2))), V6Udp },
        // Linux SLL with protocol 0x0004: an 802.2 LLC frame (STP).
        { "sll llc", LinkType.LinuxSll, Cat(Hex("0000 0001 0006 aabbccddeeff0000 0004"), Hex("424203 000000")), "non-ip" },
        // Linux SLL on a netlink socket.
        { "sll netlink", LinkType.LinuxSll, Cat(Hex("0000 0338 0000 0000000000000000 0000"), new byte[20]), "non-ip" },
        // Linux SLL cut inside its header.
        { "sll short", LinkType.LinuxSll, new byte[15], "truncated" },
        // Linux SLL2: protocol, reserved, ifindex, ARPHRD, packet type, address length, address.
        { "sll2", LinkType.LinuxSll2, Cat(Hex("0800 0000 00000002 0001 04 06 aabbccddeeff0000"), V4(6, TcpSyn)), V4Syn },
        // BSD null, family 2 little-endian.
        { "null le", LinkType.Null, Cat(Hex("02000000"), V4(6, TcpSyn)), V4Syn },
        // BSD null written by a big-endian host, family 30 (Darwin AF_INET6).
        { "null be v6", LinkType.Null, Cat(Hex("0000001e"), V6(17, Udp(1, 2))), V6Udp },
        // BSD null, family 7: not IP.
        { "null other", LinkType.Null, Cat(Hex("07000000"), new byte[20]), "non-ip" },
        // OpenBSD loop: network byte order, family 24 (AF_INET6).
        { "loop", LinkType.Loop, Cat(Hex("00000018"), V6(17, Udp(1, 2))), V6Udp },
        // PPP with HDLC framing, protocol 0x0021.
        { "ppp", LinkType.Ppp, Cat(Hex("ff03 0021"), V4(6, TcpSyn)), V4Syn },
        // PPP, compressed protocol field (0x21 in one byte).
        { "ppp pfc", LinkType.Ppp, Cat(Hex("21"), V4(6, TcpSyn)), V4Syn },
        // PPP carrying MPLS unicast.
        { "ppp mpls", LinkType.Ppp, Cat(Hex("ff03 0281 00010140"), V4(6, TcpSyn)), V4Syn },
        // PPP LCP.
        { "ppp lcp", LinkType.Ppp, Cat(Hex("ff03 c021 01010004")), "non-ip" },
        // PPP in HDLC framing, protocol 0x0057.
        { "ppp hdlc", LinkType.PppHdlc, Cat(Hex("ff03 0057"), V6(17, Udp(1, 2))), V6Udp },
        // Cisco HDLC, ethertype IPv4.
        { "chdlc", LinkType.CiscoHdlc, Cat(Hex("0f00 0800"), V4(6, TcpSyn)), V4Syn },
        // Cisco HDLC SLARP.
        { "chdlc slarp", LinkType.CiscoHdlc, Cat(Hex("8f00 8035"), new byte[20]), "non-ip" },
        // NFLOG: header, a prefix TLV, then the payload TLV (type 9) with the IP packet.
        { "nflog", LinkType.Nflog, Cat(Hex("02 00 0000"), Hex("0800 0a00 61626300"), Hex("3000 0900"), V4(6, TcpSyn)), V4Syn },
        // NFLOG with a TLV of length 2: malformed.
        { "nflog bad tlv", LinkType.Nflog, Cat(Hex("02 00 0000"), Hex("0200 0100")), "bad-link-header" },
        // NFLOG version 1: malformed.
        { "nflog bad version", LinkType.Nflog, Cat(Hex("02 01 0000"), Hex("0800 0900"), V4(6, TcpSyn)), "bad-link-header" },
        // NFLOG without a payload TLV.
        { "nflog no payload", LinkType.Nflog, Cat(Hex("02 00 0000"), Hex("0800 0a00 61626300")), "non-ip" },
        // Raw IP (101) by version nibble: IPv6.
        { "raw v6", LinkType.Raw, V6(17, Udp(1, 2)), V6Udp },
        // Raw IP (12, BSD DLT_RAW).
        { "raw 12", LinkType.RawLegacy, V4(6, TcpSyn), V4Syn },
        // Raw IPv4 link type with an IPv6 header: read as IPv6 (as tshark does).
        { "ipv4 link v6 header", LinkType.Ipv4, V6(17, Udp(1, 2)), V6Udp },
        // Raw IPv6 link type with an IPv4 header: wrong version.
        { "ipv6 link v4 header", LinkType.Ipv6, V4(6, TcpSyn), "bad-version" },
        // Raw IP with version 0.
        { "raw version 0", LinkType.Raw, new byte[40], "bad-version" },
        // Frame Relay, RFC 2427: address, UI, NLPID 0xCC.
        { "frame relay nlpid", LinkType.FrameRelay, Cat(Hex("0401 03 cc"), V4(6, TcpSyn)), V4Syn },
        // Frame Relay, Cisco encapsulation: address, ethertype.
        { "frame relay cisco", LinkType.FrameRelay, Cat(Hex("48e1 86dd"), V6(17, Udp(1, 2))), V6Udp },
        // Solaris ipnet, family 26 (IPv6).
        { "ipnet", LinkType.IpNet, Cat(Hex("011a0000 00000054 00000002 00000000 ffffffff 00000000"), V6(17, Udp(1, 2))), V6Udp },
        // IP over InfiniBand: 40-byte address pseudo-header, ethertype, reserved.
        { "ipoib", LinkType.IpOverInfiniband, Cat(new byte[40], Hex("0800 0000"), V4(6, TcpSyn)), V4Syn },
        // ARCnet (Linux), RFC 1051 IP.
        { "arcnet", LinkType.ArcnetLinux, Cat(Hex("be50ab08 f0"), V4(6, TcpSyn)), V4Syn },
        // PKTAP: header length 12, inner link type Ethernet.
        { "pktap", LinkType.Pktap, Cat(Hex("0c000000 01000000 00000000"), Eth(0x0800), V4(6, TcpSyn)), V4Syn },
        // PKTAP with a header length beyond the frame.
        { "pktap bad length", LinkType.Pktap, Hex("ff000000 01000000"), "bad-link-header" },
        // Juniper Ethernet: MGC, flags with extensions (length 4), then Ethernet.
        { "juniper", LinkType.JuniperEthernet, Cat(Hex("4d4743 80 0004 01020304"), Eth(0x0800), V4(6, TcpSyn)), V4Syn },
        // Juniper with the layer-2 header stripped (flag 0x02): IP directly.
        { "juniper no l2", LinkType.JuniperEthernet, Cat(Hex("4d4743 02"), V4(6, TcpSyn)), V4Syn },
        // Juniper without its magic.
        { "juniper bad magic", LinkType.JuniperEthernet, Cat(Hex("4d4744 00"), Eth(0x0800), V4(6, TcpSyn)), "bad-link-header" },
        // A link type Weir does not decode (USER13).
        { "unsupported", (LinkType)160, V4(6, TcpSyn), "unsupported-link-type" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_LinkLayer_GivesExpectedResult(string name, LinkType linkType, byte[] frame, string expected)
    {
        _ = name;
        Assert.Equal(expected, Parse(frame, linkType));
    }
}
