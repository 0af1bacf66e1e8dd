using Weir.Engine.Capture;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets;

public sealed class PacketParserIpTests
{
    public static TheoryData<string, byte[], string> Cases => new()
    {
        // IHL 4 (16 bytes): below the minimum.
        { "ihl below 5", V4(6, TcpSyn, ihl: 4), "bad-header-length" },
        // IHL 0.
        { "ihl 0", V4(6, TcpSyn, ihl: 0), "bad-header-length" },
        // IHL 7: 8 bytes of options before TCP.
        { "options", V4(6, Tcp(1234, 443, 0x12), ihl: 7), "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 1234 -> 443 flags 0x12" },
        // IHL 15 (60 bytes) but only 30 captured: addresses read, no transport.
        { "options beyond capture", V4(6, [], ihl: 15)[..30], "none 10.0.0.1 -> 10.0.0.2 proto 6" },
        // 19 bytes: the addresses are incomplete.
        { "short header", V4(6, TcpSyn)[..19], "truncated" },
        // Version 5.
        { "version 5", V4(6, TcpSyn, version: 5), "bad-version" },
        // Total length larger than captured (snap length): still attributed.
        { "total length past capture", V4(17, Udp(1, 2), totalLength: 1500), "none 10.0.0.1 -> 10.0.0.2 proto 17 ports 1 -> 2" },
        // Total length below the header length: addresses still read (tshark counts it).
        { "total length too small", V4(17, Udp(1, 2), totalLength: 10), "none 10.0.0.1 -> 10.0.0.2 proto 17 ports 1 -> 2" },
        // Total length 24 with 0xFF padding after it: the padding is not read as TCP flags.
        { "padding not payload", Cat(V4(6, [1, 2, 3, 4], totalLength: 24), Enumerable.Repeat((byte)0xFF, 20).ToArray()), "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 258 -> 772 flags 0x00" },
        // First fragment (MF set, offset 0): ports read.
        { "first fragment", V4(17, Udp(5000, 53), fragment: 0x2000, id: 77), "none 10.0.0.1 -> 10.0.0.2 proto 17 ports 5000 -> 53 frag off=0 id=77" },
        // Later fragment (offset 185 × 8): no ports, offset recorded.
        { "later fragment", V4(17, Udp(5000, 53), fragment: 185, id: 77), "none 10.0.0.1 -> 10.0.0.2 proto 17 frag off=185 id=77" },
        // DF alone is not a fragment.
        { "dont fragment", V4(17, Udp(5000, 53), fragment: 0x4000), "none 10.0.0.1 -> 10.0.0.2 proto 17 ports 5000 -> 53" },
        // GRE: the outer header is the key; nothing inside is read.
        { "gre outer", V4(47, Cat(Hex("00000800"), V4(6, TcpSyn, src: "192.168.0.1"))), "none 10.0.0.1 -> 10.0.0.2 proto 47" },
        // IP-in-IP: the outer header is the key.
        { "ipip outer", V4(4, V4(6, TcpSyn, src: "192.168.0.1")), "none 10.0.0.1 -> 10.0.0.2 proto 4" },
        // IPv6 with hop-by-hop, destination options and routing before TCP.
        { "v6 chain", V6(0, Cat(Ext(60), Ext(43), Ext(6), TcpSyn)), "none 2001:db8::1 -> 2001:db8::2 proto 6 ports 40000 -> 80 flags 0x02" },
        // IPv6 AH (length in 4-byte units + 2) before UDP.
        { "v6 ah", V6(51, Cat([17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], Udp(500, 500))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 500 -> 500" },
        // IPv6 first fragment: ports read.
        { "v6 first fragment", V6(44, Cat(Frag6(17, 0, true, 0xAABBCCDD), Udp(1, 2))), "none 2001:db8::1 -> 2001:db8::2 proto 17 ports 1 -> 2 frag off=0 id=2864434397" },
        // IPv6 later fragment: no ports.
        { "v6 later fragment", V6(44, Cat(Frag6(17, 100, false, 9), Udp(1, 2))), "none 2001:db8::1 -> 2001:db8::2 proto 17 frag off=100 id=9" },
        // A destination options header cut short by the capture: counted, no transport.
        { "v6 chain cut", V6(60, Ext(6))[..44], "none 2001:db8::1 -> 2001:db8::2 proto 60" },
        // An extension header whose length points past the capture: counted, no transport.
        { "v6 ext length past capture", V6(60, [6, 200, 0, 0, 0, 0, 0, 0]), "none 2001:db8::1 -> 2001:db8::2 proto 6" },
        // 17 hop-by-hop headers: beyond the walk limit.
        { "v6 chain too long", V6(0, Cat(Enumerable.Repeat(Ext(0), 17).SelectMany(b => b).ToArray(), TcpSyn)), "bad-extension-header 2001:db8::1 -> 2001:db8::2 proto 0" },
        // No next header (59).
        { "v6 no next header", V6(59, []), "none 2001:db8::1 -> 2001:db8::2 proto 59" },
        // Mobility header (135) then nothing readable.
        { "v6 mobility", V6(135, [59, 0, 5, 0, 0, 0, 0, 0]), "none 2001:db8::1 -> 2001:db8::2 proto 59" },
        // 39 bytes of IPv6 header.
        { "v6 short header", V6(6, [])[..39], "truncated" },
        // IPv6 inside IPv6 (SRv6 style): the outer header is the key.
        { "v6 in v6", V6(41, V6(6, TcpSyn, src: "2001:db8::99")), "none 2001:db8::1 -> 2001:db8::2 proto 41" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_RawIpFrame_GivesExpectedResult(string name, byte[] frame, string expected)
    {
        _ = name;
        Assert.Equal(expected, Parse(frame, LinkType.Raw));
    }
}
