using Weir.Engine.Capture;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets;

public sealed class PacketParserTransportTests
{
    public static TheoryData<string, byte[], string> Cases => new()
    {
        // TCP SYN+ACK.
        { "tcp", V4(6, Tcp(80, 40000, 0x12)), "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 80 -> 40000 flags 0x12" },
        // TCP cut after 10 bytes: ports, no flags.
        { "tcp without flags", V4(6, Tcp(80, 40000, 0x12)[..10]), "none 10.0.0.1 -> 10.0.0.2 proto 6 ports 80 -> 40000 flags 0x00" },
        // TCP cut after 3 bytes: counted, no ports.
        { "tcp cut", V4(6, Tcp(80, 40000, 0x12)[..3]), "none 10.0.0.1 -> 10.0.0.2 proto 6" },
        // UDP.
        { "udp", V4(17, Udp(53, 1024)), "none 10.0.0.1 -> 10.0.0.2 proto 17 ports 53 -> 1024" },
        // SCTP common header.
        { "sctp", V4(132, Cat(U16(2905), U16(2905), new byte[8])), "none 10.0.0.1 -> 10.0.0.2 proto 132 ports 2905 -> 2905" },
        // UDP-Lite.
        { "udplite", V4(136, Udp(7, 9)), "none 10.0.0.1 -> 10.0.0.2 proto 136 ports 7 -> 9" },
        // DCCP.
        { "dccp", V6(33, Cat(U16(5001), U16(5002), new byte[12])), "none 2001:db8::1 -> 2001:db8::2 proto 33 ports 5001 -> 5002" },
        // ICMP echo request.
        { "icmp echo", V4(1, Icmp(8, 0)), "none 10.0.0.1 -> 10.0.0.2 proto 1 icmp 8/0" },
        // ICMP destination unreachable (port): the quoted header is not the key.
        { "icmp unreachable", V4(1, Cat(Icmp(3, 3), V4(17, Udp(1, 2), src: "10.0.0.2", dst: "10.0.0.9"))), "none 10.0.0.1 -> 10.0.0.2 proto 1 icmp 3/3" },
        // ICMP with one byte: no type/code.
        { "icmp cut", V4(1, [8]), "none 10.0.0.1 -> 10.0.0.2 proto 1" },
        // ICMPv6 neighbour solicitation.
        { "icmpv6", V6(58, Icmp(135, 0)), "none 2001:db8::1 -> 2001:db8::2 proto 58 icmp 135/0" },
        // ESP: no ports.
        { "esp", V4(50, new byte[16]), "none 10.0.0.1 -> 10.0.0.2 proto 50" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Transport_GivesExpectedResult(string name, byte[] frame, string expected)
    {
        _ = name;
        Assert.Equal(expected, Parse(frame, LinkType.Raw));
    }
}
