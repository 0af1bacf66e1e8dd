using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using static Weir.Engine.Tests.Flows.TestPackets;

namespace Weir.Engine.Tests.Flows;

public class FlowLogTests
{
    private static FlowRecord[] Flows(FlowLog log) => log.Aggregate("eth0", default, default).Records.ToArray();

    [Fact]
    public void Add_BothDirectionsOfConnection_OneFlowWithSentAndReceived()
    {
        var log = new FlowLog();
        log.Add(Tcp("192.168.1.10", 51000, "93.184.216.34", 443, Syn), 100, 74, PacketDirection.Unknown);
        log.Add(Tcp("93.184.216.34", 443, "192.168.1.10", 51000, Syn | Ack), 200, 74, PacketDirection.Unknown);
        log.Add(Tcp("192.168.1.10", 51000, "93.184.216.34", 443, Ack), 300, 66, PacketDirection.Unknown);
        log.Add(Tcp("93.184.216.34", 443, "192.168.1.10", 51000, Psh | Ack), 400, 1514, PacketDirection.Unknown);
        log.Add(Tcp("93.184.216.34", 443, "192.168.1.10", 51000, Fin | Ack), 350, 66, PacketDirection.Unknown);

        FlowRecord r = Assert.Single(Flows(log));
        Assert.Equal(Key("192.168.1.10", "93.184.216.34", 443, 6), r.Key);
        Assert.Equal(new FlowCounters(BytesReceived: 74 + 1514 + 66, BytesSent: 74 + 66, PacketsReceived: 3, PacketsSent: 2), r.Counters);
        Assert.Equal(100, r.FirstSeenNs);
        Assert.Equal(400, r.LastSeenNs);
        Assert.Equal(Syn | Ack | Psh | Fin, r.TcpFlags);
        Assert.True(r.DirectionConfident);
    }

    [Fact]
    public void Add_ManyClientPortsToOneServicePort_OneFlowPerServerPort()
    {
        var log = new FlowLog();
        for (ushort p = 40000; p < 40100; p++)
        {
            log.Add(Udp("10.0.0.1", p, "10.0.0.53", 53), p, 80, PacketDirection.Unknown);
            log.Add(Udp("10.0.0.53", 53, "10.0.0.1", p), p, 120, PacketDirection.Unknown);
        }

        FlowRecord r = Assert.Single(Flows(log));
        Assert.Equal(Key("10.0.0.1", "10.0.0.53", 53, 17), r.Key);
        Assert.Equal(new FlowCounters(12_000, 8_000, 100, 100), r.Counters);
    }

    [Fact]
    public void Add_IPv6AndIPv4_SeparateFlowsBothCounted()
    {
        var log = new FlowLog();
        log.Add(Tcp("2001:db8::10", 50000, "2001:db8::1", 22, Syn), 1, 94, PacketDirection.Unknown);
        log.Add(Tcp("2001:db8::1", 22, "2001:db8::10", 50000, Syn | Ack), 2, 94, PacketDirection.Unknown);
        log.Add(Tcp("10.0.0.10", 50000, "10.0.0.1", 22, Syn), 3, 74, PacketDirection.Unknown);

        FlowRecord[] flows = Flows(log);
        Assert.Equal(2, log.Count);
        FlowRecord v6 = Assert.Single(flows, f => f.Key.IsIPv6);
        Assert.Equal(Key("2001:db8::10", "2001:db8::1", 22, 6), v6.Key);
        Assert.Equal(new FlowCounters(94, 94, 1, 1), v6.Counters);
        FlowRecord v4 = Assert.Single(flows, f => !f.Key.IsIPv6);
        Assert.Equal(Key("10.0.0.10", "10.0.0.1", 22, 6), v4.Key);
        Assert.Equal(new FlowCounters(94, 168, 1, 2), log.Totals);
    }

    [Fact]
    public void Add_IPv6AddressesDifferingOnlyInHighHalf_AreDifferentFlows()
    {
        var log = new FlowLog();
        log.Add(Udp("2001:db8::1", 40000, "2001:db8::2", 53), 1, 90, PacketDirection.Unknown);
        log.Add(Udp("2001:db9::1", 40000, "2001:db8::2", 53), 1, 90, PacketDirection.Unknown);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Add_FirstFragmentThenLater_LaterCountedIntoSameFlowWithPorts()
    {
        var log = new FlowLog();
        ParsedPacket udp = Udp("10.0.0.1", 40000, "10.0.0.2", 53);
        log.Add(FirstFragment(udp, 7), 10, 1514, PacketDirection.Unknown);
        log.Add(LaterFragment(udp, 7, 185), 11, 600, PacketDirection.Unknown);

        // The reply, fragmented too, lands in the same flow as received.
        ParsedPacket reply = Udp("10.0.0.2", 53, "10.0.0.1", 40000);
        log.Add(FirstFragment(reply, 8), 12, 1514, PacketDirection.Unknown);
        log.Add(LaterFragment(reply, 8, 185), 13, 300, PacketDirection.Unknown);

        FlowRecord r = Assert.Single(Flows(log));
        Assert.Equal(Key("10.0.0.1", "10.0.0.2", 53, 17), r.Key);
        Assert.Equal(new FlowCounters(1814, 2114, 2, 2), r.Counters);
        Assert.Equal(0, log.IssueCount(ParseIssue.OrphanFragment));
    }

    [Fact]
    public void Add_FragmentedEchoRequestAndReply_OneIcmpFlowNoOrphans()
    {
        var log = new FlowLog();
        ParsedPacket request = Icmp("10.0.0.1", "10.0.0.2", 8);
        log.Add(FirstFragment(request, 21), 1, 1514, PacketDirection.Unknown);
        ParsedPacket later = LaterFragment(request, 21, 185);
        later.HasIcmp = false;
        log.Add(later, 2, 500, PacketDirection.Unknown);
        ParsedPacket reply = Icmp("10.0.0.2", "10.0.0.1", 0);
        log.Add(FirstFragment(reply, 99), 3, 1514, PacketDirection.Unknown);
        ParsedPacket laterReply = LaterFragment(reply, 99, 185);
        laterReply.HasIcmp = false;
        log.Add(laterReply, 4, 500, PacketDirection.Unknown);

        FlowRecord r = Assert.Single(Flows(log));
        Assert.Equal(Key("10.0.0.1", "10.0.0.2", 0, 1), r.Key);
        Assert.Equal(new FlowCounters(2014, 2014, 2, 2), r.Counters);
        Assert.True(r.DirectionConfident);
        Assert.Equal(0, log.IssueCount(ParseIssue.OrphanFragment));
    }

    [Fact]
    public void Add_LaterFragmentWithoutFirst_CountedPortlessAndTalliedAsOrphan()
    {
        var log = new FlowLog();
        log.Add(LaterFragment(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 9, 185), 10, 600, PacketDirection.Unknown);

        FlowRecord r = Assert.Single(Flows(log));
        Assert.Equal(Key("10.0.0.1", "10.0.0.2", 0, 17), r.Key);
        Assert.Equal(new FlowCounters(0, 600, 0, 1), r.Counters);
        FlowLogStats stats = log.Stats;
        Assert.Equal(1, stats.IssueCount(ParseIssue.OrphanFragment));
        Assert.Equal(1, stats.PacketsProcessed);
        Assert.Equal(1, stats.PacketsCounted);
        Assert.Equal(0, stats.PacketsNotCounted);
        FlowBlock block = log.Rotate("eth0", default, default);
        Assert.Equal(0, block.Stats.PacketsNotCounted);
        Assert.Equal(1, block.IssueCount(ParseIssue.OrphanFragment));
    }

    [Fact]
    public void Add_LaterFragmentAfterTimeout_IsOrphan()
    {
        var log = new FlowLog(new FlowLogOptions { FragmentTimeoutNs = 1_000 });
        ParsedPacket udp = Udp("10.0.0.1", 40000, "10.0.0.2", 53);
        log.Add(FirstFragment(udp, 7), 0, 1514, PacketDirection.Unknown);
        log.Add(LaterFragment(udp, 7, 185), 500, 600, PacketDirection.Unknown);
        log.Add(LaterFragment(udp, 7, 370), 2_000, 600, PacketDirection.Unknown);

        Assert.Equal(1, log.IssueCount(ParseIssue.OrphanFragment));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Add_MoreDatagramsThanFragmentCache_OldestForgotten()
    {
        var log = new FlowLog(new FlowLogOptions { FragmentCacheCapacity = 4 });
        ParsedPacket udp = Udp("10.0.0.1", 40000, "10.0.0.2", 4789);
        for (uint id = 1; id <= 5; id++)
        {
            log.Add(FirstFragment(udp, id), id, 1514, PacketDirection.Unknown);
        }

        log.Add(LaterFragment(udp, 5, 185), 10, 100, PacketDirection.Unknown);
        Assert.Equal(0, log.IssueCount(ParseIssue.OrphanFragment));
        log.Add(LaterFragment(udp, 1, 185), 11, 100, PacketDirection.Unknown);
        Assert.Equal(1, log.IssueCount(ParseIssue.OrphanFragment));
    }

    [Fact]
    public void Add_FragmentIdsPerAddressPair_DoNotMix()
    {
        var log = new FlowLog();
        log.Add(FirstFragment(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 7), 1, 1514, PacketDirection.Unknown);
        log.Add(LaterFragment(Udp("10.0.0.3", 40000, "10.0.0.2", 53), 7, 185), 2, 600, PacketDirection.Unknown);
        Assert.Equal(1, log.IssueCount(ParseIssue.OrphanFragment));
    }

    [Fact]
    public void Add_FrameTheParserRejects_NotCountedByReason()
    {
        var log = new FlowLog();
        byte[] bytes = new byte[60];
        var frame = new Frame(bytes, 1, 60, (LinkType)65000, PacketDirection.Unknown);
        Assert.Equal(ParseIssue.UnsupportedLinkType, log.Add(in frame));
        log.CountDropped(ParseIssue.LocalBufferFull);

        FlowLogStats stats = log.Stats;
        Assert.Equal(1, stats.PacketsProcessed);
        Assert.Equal(1, stats.PacketsNotCounted);
        Assert.Equal(0, stats.PacketsCounted);
        Assert.Equal(60, stats.BytesProcessed);
        Assert.Equal(0, stats.BytesCounted);
        Assert.Equal(1, stats.IssueCount(ParseIssue.UnsupportedLinkType));
        Assert.Equal(1, stats.IssueCount(ParseIssue.LocalBufferFull));
        Assert.Equal(0, log.Count);

        FlowBlock block = log.Rotate("eth0", default, default, kernelDropped: 3);
        Assert.Equal(new FlowBlockStats(PacketsProcessed: 1, PacketsNotCounted: 1, KernelDropped: 3, LocalDropped: 1), block.Stats);
        Assert.Equal(1, block.IssueCount(ParseIssue.UnsupportedLinkType));
        Assert.Equal(0, log.IssueCount(ParseIssue.UnsupportedLinkType));
        Assert.Equal(0, log.Stats.LocalDropped);
    }

    [Fact]
    public void Aggregate_Twice_LeavesLogUnchanged()
    {
        var log = new FlowLog();
        log.Add(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 1, 80, PacketDirection.Unknown);
        log.Add(Udp("10.0.0.2", 53, "10.0.0.1", 40000), 2, 120, PacketDirection.Unknown);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        FlowBlock first = log.Aggregate("eth0", start, start.AddMinutes(5));
        FlowBlock second = log.Aggregate("eth0", start, start.AddMinutes(5));
        Assert.Equal(first.Records.ToArray(), second.Records.ToArray());
        Assert.Equal(1, log.Count);
        Assert.Equal(2, log.Stats.PacketsProcessed);
        Assert.Equal("eth0", first.InterfaceName);
        Assert.Equal(start, first.Start);
        Assert.Equal(new FlowCounters(120, 80, 1, 1), first.Totals);

        // The log keeps counting where it was.
        log.Add(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 3, 80, PacketDirection.Unknown);
        Assert.Equal(new FlowCounters(120, 80, 1, 1), first.Records[0].Counters);
        Assert.Equal(new FlowCounters(120, 160, 1, 2), Flows(log)[0].Counters);
    }

    [Fact]
    public void Rotate_AfterPackets_StartsEmptyAndBlockHoldsInterval()
    {
        var log = new FlowLog();
        log.Add(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 1, 80, PacketDirection.Unknown);
        log.Add(Tcp("2001:db8::1", 40000, "2001:db8::2", 443, Syn), 2, 94, PacketDirection.Unknown);

        FlowBlock block = log.Rotate("eth0", default, default);
        Assert.Equal(0, log.Count);
        Assert.Equal(default, log.Totals);
        Assert.Equal(0, log.Stats.PacketsProcessed);
        Assert.Equal(2, block.Count);
        Assert.Equal(new FlowCounters(0, 174, 0, 2), block.Totals);
        Assert.Equal(2, block.Records.Length);
        Assert.Equal(block.Totals, block.Records[0].Counters + block.Records[1].Counters);

        // The next interval counts afresh, into flows the block does not see.
        log.Add(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 3, 80, PacketDirection.Unknown);
        Assert.Equal(2, block.Count);
        Assert.Equal(new FlowCounters(0, 174, 0, 2), block.Totals);
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void Rotate_BlockRecordsRead_TablesReusedWithoutGrowth()
    {
        var log = new FlowLog(new FlowLogOptions { InitialCapacity = 16 });
        for (uint i = 0; i < 10_000; i++)
        {
            log.Add(new ParsedPacket { Source = i, Destination = 1, Protocol = 17, HasPorts = true, SourcePort = 40000, DestinationPort = 53 }, i, 64, PacketDirection.Unknown);
        }

        long grown = log.Tables.Capacity;
        FlowBlock first = log.Rotate("eth0", default, default);
        Assert.True(log.Tables.Capacity < grown);
        Assert.Equal(10_000, first.Records.Length);

        // The first block's records are out, so its tables came back: the next interval starts with them.
        log.Add(Udp("10.0.0.1", 40000, "10.0.0.2", 53), 1, 80, PacketDirection.Unknown);
        FlowBlock second = log.Rotate("eth0", default, default);
        Assert.Equal(grown, log.Tables.Capacity);
        Assert.Equal(0, log.Count);
        Assert.Equal(1, second.Records.Length);
        Assert.Equal(10_000, first.Records.Length);
        Assert.Equal(10_000UL, first.Totals.Packets);
    }

    [Fact]
    public void Rotate_ConcurrentReadersOfRecords_AllSeeTheSameFlows()
    {
        var log = new FlowLog();
        for (uint i = 0; i < 5_000; i++)
        {
            log.Add(new ParsedPacket { Source = i, Destination = 1, Protocol = 6, HasPorts = true, SourcePort = 40000, DestinationPort = 80 }, i, 64, PacketDirection.Unknown);
        }

        FlowBlock block = log.Rotate("eth0", default, default);
        ulong[] sums = new ulong[4];
        Parallel.For(0, 4, k =>
        {
            ulong s = 0;
            foreach (FlowRecord r in block.Records)
            {
                s += r.Counters.Bytes;
            }

            sums[k] = s;
        });
        Assert.All(sums, s => Assert.Equal(5_000UL * 64, s));
    }

    /// <summary>
    /// 100 000 random packets of client/server connections (IPv4 and IPv6, TCP with and without handshake,
    /// UDP, ICMP echo) against a dictionary model keyed by (client, server, server port, protocol), with
    /// rotations at random points: every block must hold exactly the model's flows and counters.
    /// </summary>
    [Fact]
    public void Rotate_RandomTraffic_BlocksMatchDictionaryModel()
    {
        var rng = new Random(20261201);
        var log = new FlowLog(new FlowLogOptions { InitialCapacity = 16 });
        var model = new Dictionary<FlowKey, FlowCounters>();
        ushort[] servicePorts = [22, 53, 80, 123, 443, 993, 3306, 8080];
        int rotations = 0;
        ulong totalBytes = 0;
        ulong blockBytes = 0;
        for (int n = 0; n < 100_000; n++)
        {
            bool v6 = rng.Next(4) == 0;
            string client = v6 ? $"2001:db8::{rng.Next(1, 300):x}" : $"10.0.{rng.Next(2)}.{rng.Next(1, 250)}";
            string server = v6 ? $"2001:db8:1::{rng.Next(1, 20):x}" : $"192.168.0.{rng.Next(1, 20)}";
            ushort clientPort = (ushort)rng.Next(32768, 65536);
            ushort serverPort = servicePorts[rng.Next(servicePorts.Length)];
            bool toServer = rng.Next(2) == 0;
            int length = rng.Next(60, 1515);
            int kind = rng.Next(10);
            ParsedPacket p;
            byte protocol;
            ushort keyPort = serverPort;
            if (kind < 5)
            {
                // TCP, sometimes the handshake: SYN from the client, SYN-ACK from the server.
                byte flags = kind == 0 ? (toServer ? Syn : (byte)(Syn | Ack)) : Ack;
                p = toServer ? Tcp(client, clientPort, server, serverPort, flags) : Tcp(server, serverPort, client, clientPort, flags);
                protocol = 6;
            }
            else if (kind < 9)
            {
                p = toServer ? Udp(client, clientPort, server, serverPort) : Udp(server, serverPort, client, clientPort);
                protocol = 17;
            }
            else
            {
                p = toServer ? Icmp(client, server, v6 ? (byte)128 : (byte)8) : Icmp(server, client, v6 ? (byte)129 : (byte)0);
                protocol = v6 ? (byte)58 : (byte)1;
                keyPort = 0;
            }

            long ts = 1_000_000L * n;
            log.Add(in p, ts, length, PacketDirection.Unknown);
            FlowKey key = Key(client, server, keyPort, protocol);
            model.TryGetValue(key, out FlowCounters c);
            model[key] = c + (toServer ? new FlowCounters(0, (ulong)length, 0, 1) : new FlowCounters((ulong)length, 0, 1, 0));
            totalBytes += (ulong)length;

            if (rng.Next(20_000) == 0 || n == 99_999)
            {
                FlowBlock block = log.Rotate("eth0", default, default);
                rotations++;
                Assert.Equal(model.Count, block.Count);
                var actual = new Dictionary<FlowKey, FlowCounters>();
                FlowCounters sum = default;
                foreach (FlowRecord r in block.Records)
                {
                    actual.Add(r.Key, r.Counters);
                    sum += r.Counters;
                }

                Assert.Equal(model.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
                Assert.Equal(sum, block.Totals);
                Assert.Equal(block.Stats.PacketsProcessed, (long)block.Totals.Packets);
                blockBytes += block.Totals.Bytes;
                Assert.Equal(0, log.Count);
                model.Clear();
            }
        }

        Assert.True(rotations >= 3, $"only {rotations} rotations");
        Assert.Equal(totalBytes, blockBytes);
    }

    /// <summary>Counting into existing flows of a pre-grown table allocates nothing, whatever the packet mix.</summary>
    [Fact]
    public void Add_MillionPacketsIntoPreGrownTable_AllocatesNothing()
    {
        const int Flows = 20_000;
        var packets = new ParsedPacket[Flows * 2];
        var rng = new Random(3);
        for (int i = 0; i < Flows; i++)
        {
            ParsedPacket p = i % 3 == 0
                ? Tcp($"2001:db8::{i:x}", (ushort)(40000 + (i % 1000)), "2001:db8:1::1", 443, Ack)
                : Udp($"10.{(i >> 8) & 255}.{i & 255}.1", (ushort)(40000 + (i % 1000)), "192.168.0.1", (ushort)(i % 5000 + 1));
            if (i % 50 == 0)
            {
                p = FirstFragment(p, (uint)i);
            }

            packets[2 * i] = p;
            ParsedPacket reply = p;
            (reply.Source, reply.Destination) = (p.Destination, p.Source);
            (reply.SourcePort, reply.DestinationPort) = (p.DestinationPort, p.SourcePort);
            packets[(2 * i) + 1] = reply;
        }

        rng.Shuffle(packets);
        var log = new FlowLog();
        log.EnsureCapacity(Flows);

        // Warm up: create every flow and let the JIT settle on optimised code.
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < packets.Length; i++)
            {
                log.Add(in packets[i], i, 100, PacketDirection.Unknown);
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1_000_000; n++)
        {
            log.Add(in packets[n % packets.Length], n, 100, PacketDirection.Inbound);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(log.Count <= Flows * 2);
    }
}
