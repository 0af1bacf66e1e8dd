using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using static Weir.Engine.Tests.Flows.TestPackets;

namespace Weir.Engine.Tests.Flows;

/// <summary>Each direction rule on the first packet of a flow: which end becomes the flow source, and whether that is confident.</summary>
public class FlowLogDirectionTests
{
    public static TheoryData<string, ParsedPacket, PacketDirection, string, bool> Cases => new()
    {
        // TCP handshake: confident, and it beats ports and capture direction.
        { "syn", Tcp("10.0.0.1", 40000, "10.0.0.2", 80, Syn), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:80/6", true },
        { "syn-ack first", Tcp("10.0.0.2", 80, "10.0.0.1", 40000, Syn | Ack), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:80/6", true },
        { "syn from a low port", Tcp("10.0.0.1", 80, "10.0.0.2", 50000, Syn), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:50000/6", true },
        { "syn-ack to a low port", Tcp("10.0.0.2", 50000, "10.0.0.1", 80, Syn | Ack), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:50000/6", true },
        { "syn beats inbound", Tcp("10.0.0.2", 40000, "10.0.0.1", 22, Syn), PacketDirection.Inbound, "10.0.0.2 -> 10.0.0.1:22/6", true },
        { "syn-ack beats outbound", Tcp("10.0.0.1", 22, "10.0.0.2", 40000, Syn | Ack), PacketDirection.Outbound, "10.0.0.2 -> 10.0.0.1:22/6", true },

        // ICMP request and reply types: confident.
        { "echo request", Icmp("10.0.0.1", "10.0.0.2", 8), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:0/1", true },
        { "echo reply first", Icmp("10.0.0.2", "10.0.0.1", 0), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:0/1", true },
        { "echo reply beats outbound", Icmp("10.0.0.2", "10.0.0.1", 0), PacketDirection.Outbound, "10.0.0.1 -> 10.0.0.2:0/1", true },
        { "destination unreachable", Icmp("10.0.0.254", "10.0.0.1", 3, 1), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.254:0/1", true },
        { "timestamp request", Icmp("10.0.0.1", "10.0.0.2", 13), PacketDirection.Inbound, "10.0.0.1 -> 10.0.0.2:0/1", true },
        { "icmpv6 echo request", Icmp("2001:db8::1", "2001:db8::2", 128), PacketDirection.Unknown, "[2001:db8::1] -> [2001:db8::2]:0/58", true },
        { "icmpv6 echo reply first", Icmp("2001:db8::2", "2001:db8::1", 129), PacketDirection.Unknown, "[2001:db8::1] -> [2001:db8::2]:0/58", true },
        { "icmpv6 neighbour advertisement", Icmp("fe80::2", "fe80::1", 136), PacketDirection.Unknown, "[fe80::1] -> [fe80::2]:0/58", true },
        { "icmp unknown type falls to ports rule", Icmp("10.0.0.1", "10.0.0.2", 42), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:0/1", false },

        // Capture direction: the sender of an outbound packet is the client; not confident.
        { "outbound against ports", Udp("10.0.0.1", 5000, "10.0.0.2", 6000), PacketDirection.Outbound, "10.0.0.1 -> 10.0.0.2:6000/17", false },
        { "inbound", Udp("10.0.0.2", 6000, "10.0.0.1", 5000), PacketDirection.Inbound, "10.0.0.1 -> 10.0.0.2:6000/17", false },
        { "inbound to a local server", Tcp("10.0.0.2", 40000, "10.0.0.1", 53), PacketDirection.Inbound, "10.0.0.2 -> 10.0.0.1:53/6", false },
        { "outbound from a local server", Udp("10.0.0.1", 53, "10.0.0.2", 40000), PacketDirection.Outbound, "10.0.0.2 -> 10.0.0.1:53/17", false },
        { "multicast beats inbound", Udp("10.0.0.2", 5353, "224.0.0.251", 5353), PacketDirection.Inbound, "10.0.0.2 -> 224.0.0.251:5353/17", false },
        { "broadcast beats inbound", Udp("0.0.0.0", 68, "255.255.255.255", 67), PacketDirection.Inbound, "0.0.0.0 -> 255.255.255.255:67/17", false },
        { "ipv6 multicast beats icmp type", Icmp("fe80::1", "ff02::1", 134), PacketDirection.Unknown, "[fe80::1] -> [ff02::1]:0/58", false },

        // Port heuristics: ephemeral side is the client, else the lower port is the server; not confident.
        { "ephemeral to well-known", Tcp("10.0.0.1", 40000, "10.0.0.2", 443), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:443/6", false },
        { "well-known to ephemeral", Tcp("10.0.0.2", 443, "10.0.0.1", 40000), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:443/6", false },
        { "iana ephemeral to registered", Udp("10.0.0.1", 50000, "10.0.0.2", 8080), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:8080/17", false },
        { "registered to well-known", Udp("10.0.0.1", 1024, "10.0.0.2", 22), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:22/17", false },
        { "well-known to registered", Udp("10.0.0.1", 22, "10.0.0.2", 1024), PacketDirection.Unknown, "10.0.0.2 -> 10.0.0.1:22/17", false },
        { "both ephemeral lower is server", Udp("10.0.0.1", 40000, "10.0.0.2", 50000), PacketDirection.Unknown, "10.0.0.2 -> 10.0.0.1:40000/17", false },
        { "equal ports keep sender", Udp("10.0.0.1", 123, "10.0.0.2", 123), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:123/17", false },
        { "no ports keep sender", Ip("10.0.0.1", "10.0.0.2", 47), PacketDirection.Unknown, "10.0.0.1 -> 10.0.0.2:0/47", false },
        { "ipv6 ports", Udp("2001:db8::2", 53, "2001:db8::1", 40000), PacketDirection.Unknown, "[2001:db8::1] -> [2001:db8::2]:53/17", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Add_FirstPacket_OrientsFlowByRule(string rule, ParsedPacket packet, PacketDirection direction, string expectedKey, bool confident)
    {
        var log = new FlowLog();
        log.Add(packet, 1_000, 100, direction);
        FlowRecord record = Assert.Single(log.Aggregate("eth0", default, default).Records.ToArray());
        Assert.True(expectedKey == record.Key.ToString(), $"{rule}: expected {expectedKey}, got {record.Key}");
        Assert.True(confident == record.DirectionConfident, $"{rule}: confident {record.DirectionConfident}");

        // Whichever end the rule made the source, the packet counts as sent exactly when it came from it.
        bool fromSource = record.Key.Source == packet.Source;
        Assert.Equal(fromSource ? new FlowCounters(0, 100, 0, 1) : new FlowCounters(100, 0, 1, 0), record.Counters);
    }

    [Fact]
    public void Add_CaptureDirectionDisabled_PortsDecide()
    {
        var log = new FlowLog(new FlowLogOptions { UseCaptureDirection = false });
        // Both ports registered: the capture direction would make this host the client (10.0.0.1 -> :6000).
        log.Add(Udp("10.0.0.2", 6000, "10.0.0.1", 5000), 1, 60, PacketDirection.Inbound);
        FlowRecord record = Assert.Single(log.Aggregate("eth0", default, default).Records.ToArray());
        Assert.Equal("10.0.0.2 -> 10.0.0.1:5000/17", record.Key.ToString());
        Assert.False(record.DirectionConfident);
    }

    [Fact]
    public void Add_HandshakeAfterGuess_RekeysAndMergesCounters()
    {
        var log = new FlowLog();

        // Ports guess 5000 is the server (the lower port) ...
        log.Add(Udp("10.0.0.2", 6000, "10.0.0.1", 5000), 1, 100, PacketDirection.Unknown);
        log.Add(Udp("10.0.0.1", 5000, "10.0.0.2", 6000), 2, 10, PacketDirection.Unknown);
        Assert.Equal("10.0.0.2 -> 10.0.0.1:5000/17", Assert.Single(log.Aggregate("x", default, default).Records.ToArray()).Key.ToString());

        // ... until TCP-like evidence on the same key says otherwise: use TCP for the evidence.
        var tcp = new FlowLog();
        tcp.Add(Tcp("10.0.0.2", 6000, "10.0.0.1", 5000, Ack), 1, 100, PacketDirection.Unknown);
        tcp.Add(Tcp("10.0.0.1", 5000, "10.0.0.2", 6000, Ack), 2, 10, PacketDirection.Unknown);
        tcp.Add(Tcp("10.0.0.1", 5000, "10.0.0.2", 6000, Syn), 3, 60, PacketDirection.Unknown);
        tcp.Add(Tcp("10.0.0.2", 6000, "10.0.0.1", 5000, Syn | Ack), 4, 60, PacketDirection.Unknown);
        FlowRecord r = Assert.Single(tcp.Aggregate("x", default, default).Records.ToArray());
        Assert.Equal("10.0.0.1 -> 10.0.0.2:6000/6", r.Key.ToString());
        Assert.True(r.DirectionConfident);

        // Sent is now 10.0.0.1 -> 10.0.0.2: the ACK of 10 bytes and the SYN of 60; received the rest.
        Assert.Equal(new FlowCounters(BytesReceived: 160, BytesSent: 70, PacketsReceived: 2, PacketsSent: 2), r.Counters);
        Assert.Equal(1, r.FirstSeenNs);
        Assert.Equal(4, r.LastSeenNs);
        Assert.Equal(Syn | Ack, r.TcpFlags);
        Assert.Equal(r.Counters, tcp.Totals);
    }

    [Fact]
    public void Add_ConfidentThenContradictingEvidence_FirstVerdictStands()
    {
        var log = new FlowLog();
        log.Add(Tcp("10.0.0.1", 40000, "10.0.0.2", 80, Syn), 1, 60, PacketDirection.Unknown);

        // A SYN-ACK from the client's side would make it the server: ignored, counted into the existing flow.
        log.Add(Tcp("10.0.0.1", 40000, "10.0.0.2", 80, Syn | Ack), 2, 60, PacketDirection.Unknown);
        log.Add(Tcp("10.0.0.2", 80, "10.0.0.1", 40000, Syn), 3, 60, PacketDirection.Unknown);
        FlowRecord r = Assert.Single(log.Aggregate("x", default, default).Records.ToArray());
        Assert.Equal("10.0.0.1 -> 10.0.0.2:80/6", r.Key.ToString());
        Assert.Equal(new FlowCounters(60, 120, 1, 2), r.Counters);
    }

    [Fact]
    public void Add_GuessThenAgreeingEvidence_BecomesConfident()
    {
        var log = new FlowLog();
        log.Add(Tcp("10.0.0.1", 40000, "10.0.0.2", 80, Ack), 1, 60, PacketDirection.Unknown);
        Assert.False(log.Aggregate("x", default, default).Records[0].DirectionConfident);
        log.Add(Tcp("10.0.0.2", 80, "10.0.0.1", 40000, Syn | Ack), 2, 60, PacketDirection.Unknown);
        FlowRecord r = Assert.Single(log.Aggregate("x", default, default).Records.ToArray());
        Assert.True(r.DirectionConfident);
        Assert.Equal(new FlowCounters(60, 60, 1, 1), r.Counters);
    }

    [Theory]
    [InlineData((ushort)32768, true)]
    [InlineData((ushort)49152, true)]
    [InlineData((ushort)60999, true)]
    [InlineData((ushort)65535, true)]
    [InlineData((ushort)32767, false)]
    [InlineData((ushort)1024, false)]
    public void ClassifyByPorts_EphemeralSourceToPort8080_SourceIsClient(ushort sourcePort, bool sourceIsClient)
    {
        FlowOrientation o = FlowLog.ClassifyByPorts(sourcePort, 8080);
        Assert.Equal(sourceIsClient || sourcePort > 8080, o == FlowOrientation.Forward);
    }
}
