using Weir.Engine.Capture;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets;

public sealed class PacketParserEthernetTests
{
    private const string V4Syn = "10.0.0.1 -> 10.0.0.2 proto 6 ports 40000 -> 80 flags 0x02";

    public static TheoryData<string, byte[], string> Cases => new()
    {
        // Untagged IPv4 carrying a TCP SYN: the common case.
        { "ipv4", Cat(Eth(0x0800), V4(6, TcpSyn)), "none " + V4Syn },
        // Untagged IPv6 carrying UDP.
        { "ipv6", Cat(Eth(0x86DD), V6(17, Udp(53, 5353))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 53 -> 5353" },
        // ARP is not IP.
        { "arp", Cat(Eth(0x0806), new byte[28]), "non-ip" },
        // 13 bytes: not even a full Ethernet header.
        { "short ethernet", new byte[13], "truncated" },
        // One 802.1Q tag.
        { "vlan", Cat(Eth(0x8100), Vlan(100, 0x0800), V4(6, TcpSyn)), "none " + V4Syn },
        // 802.1ad outer tag, 802.1Q inner tag (QinQ).
        { "qinq", Cat(Eth(0x88A8), Vlan(10, 0x8100), Vlan(20, 0x0800), V4(6, TcpSyn)), "none " + V4Syn },
        // Three tags, the outer one with the legacy 0x9100 type.
        { "three tags", Cat(Eth(0x9100), Vlan(1, 0x88A8), Vlan(2, 0x8100), Vlan(3, 0x86DD), V6(17, Udp(1, 2))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 1 -> 2" },
        // A VLAN tag cut after two bytes.
        { "truncated vlan", Cat(Eth(0x8100), U16(5)), "truncated" },
        // More tags than the walk limit.
        { "tag loop", Cat(Eth(0x8100), Enumerable.Repeat(Vlan(1, 0x8100), 20).SelectMany(b => b).ToArray()), "unsupported-encapsulation" },
        // Two MPLS labels, the second bottom-of-stack, then IPv4 (version nibble 4).
        { "mpls ipv4", Cat(Eth(0x8847), Hex("00010040 00020140"), V4(6, TcpSyn)), "none " + V4Syn },
        // One MPLS label then IPv6.
        { "mpls ipv6", Cat(Eth(0x8847), Hex("00010140"), V6(58, Icmp(128, 0))), "none 2001:db8::1 -> 2001:db8::2 proto 58 icmp 128/0" },
        // MPLS with a pseudowire control word (nibble 0): not decoded.
        { "mpls pseudowire", Cat(Eth(0x8847), Hex("00010140 00000000"), Eth(0x0800)), "unsupported-encapsulation" },
        // A label stack that ends before bottom of stack.
        { "mpls truncated", Cat(Eth(0x8847), Hex("00010040")), "truncated" },
        // PPPoE session, PPP protocol 0x0021 (IPv4).
        { "pppoe ipv4", Cat(Eth(0x8864), Hex("1100 0001 0030 0021"), V4(6, TcpSyn)), "none " + V4Syn },
        // PPPoE session, PPP protocol 0x0057 (IPv6).
        { "pppoe ipv6", Cat(Eth(0x8864), Hex("1100 0001 0030 0057"), V6(17, Udp(1, 2))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 1 -> 2" },
        // PPPoE session carrying LCP (0xC021): not IP.
        { "pppoe lcp", Cat(Eth(0x8864), Hex("1100 0001 0030 c021 0101"), new byte[4]), "non-ip" },
        // PPPoE with version/type 0x21: malformed.
        { "pppoe bad version", Cat(Eth(0x8864), Hex("2100 0001 0030 0021"), V4(6, TcpSyn)), "bad-link-header" },
        // PPPoE discovery (0x8863) is not IP.
        { "pppoe discovery", Cat(Eth(0x8863), Hex("1109 0000 0000")), "non-ip" },
        // 802.3 length with LLC/SNAP and ethertype 0x0800.
        { "llc snap", Cat(Eth(0x0040), Hex("aaaa03 000000 0800"), V4(6, TcpSyn)), "none " + V4Syn },
        // 802.3 with LLC for STP (42 42 03): not IP.
        { "llc stp", Cat(Eth(0x0026), Hex("424203 0000 00"), new byte[30]), "non-ip" },
        // SNAP with a vendor OUI (Cisco CDP): not IP.
        { "snap cdp", Cat(Eth(0x0040), Hex("aaaa03 00000c 2000"), new byte[30]), "non-ip" },
        // LLC cut after two bytes.
        { "llc truncated", Cat(Eth(0x0040), Hex("aaaa")), "truncated" },
        // MACsec integrity-only with SCI: the payload is in clear after the SecTAG.
        { "macsec integrity only", Cat(Eth(0x88E5), Hex("20 00 00000044 2eb73f3995c30001 0800"), V4(6, TcpSyn)), "none " + V4Syn },
        // MACsec with the E (encrypted) bit: cannot be read.
        { "macsec encrypted", Cat(Eth(0x88E5), Hex("2c 00 00000044 2eb73f3995c30001"), new byte[40]), "unsupported-encapsulation" },
        // Arista timestamp header (64-bit TAI) before the ethertype.
        { "arista 64-bit", Cat(Eth(0xD28B), Hex("0001 0010 5ceeed57384f59c8 0800"), V4(6, TcpSyn)), "none " + V4Syn },
        // Arista 48-bit UTC timestamp, then a VLAN tag.
        { "arista 48-bit", Cat(Eth(0xD28B), Hex("0001 0120 ed951815 2474 8100"), Vlan(1, 0x0800), V4(6, TcpSyn)), "none " + V4Syn },
        // Arista with an undefined version: layout unknown.
        { "arista unknown version", Cat(Eth(0xD28B), Hex("0001 0011 5ceeed57384f59c8 0800"), V4(6, TcpSyn)), "unsupported-encapsulation" },
        // 802.1ah provider backbone: I-TAG, customer addresses, then the ethertype.
        { "pbb", Cat(Eth(0x88E7), Hex("00000001"), Hex("010203040506 0a0b0c0d0e0f 0800"), V4(6, TcpSyn)), "none " + V4Syn },
        // Ethertype 0x0800 but the header says version 6: read as IPv6 (as tshark does).
        { "ipv4 type with v6 header", Cat(Eth(0x0800), V6(17, Udp(1, 2))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 1 -> 2" },
        // Ethertype 0x86DD but the header says version 4: not IPv6.
        { "ipv6 type with v4 header", Cat(Eth(0x86DD), V4(6, TcpSyn)), "bad-version" },
        // Ethertype IPv4, nothing after the Ethernet header.
        { "ipv4 missing", Eth(0x0800), "truncated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EthernetFrame_GivesExpectedResult(string name, byte[] frame, string expected)
    {
        _ = name;
        Assert.Equal(expected, Parse(frame, LinkType.Ethernet));
    }

    [Fact]
    public void Parse_VlanFrame_RecordsNetworkAndTransportOffsets()
    {
        byte[] frame = Cat(Eth(0x8100), Vlan(100, 0x0800), V4(6, TcpSyn));
        var packet = new Weir.Engine.Packets.ParsedPacket();

        Weir.Engine.Packets.PacketParser.Parse(frame, LinkType.Ethernet, ref packet);

        Assert.Equal(18, packet.NetworkOffset);
        Assert.Equal(38, packet.TransportOffset);
    }
}
