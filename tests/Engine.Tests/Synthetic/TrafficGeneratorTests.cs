using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Synthetic;

namespace Weir.Engine.Tests.Synthetic;

public class TrafficGeneratorTests
{
    private static readonly TrafficGeneratorOptions s_small = new() { Packets = 20_000, Flows = 200, Seed = 7 };

    private static (GeneratedTruth Truth, List<CollectedFrame> Frames) Collect(TrafficGeneratorOptions options)
    {
        var frames = new List<CollectedFrame>();
        var handler = new CollectingHandler(frames);
        GeneratedTruth truth = new TrafficGenerator(options).Generate(ref handler);
        return (truth, frames);
    }

    private static byte[] Pcap(TrafficGeneratorOptions options, SyntheticCaptureFormat format = SyntheticCaptureFormat.Pcap)
    {
        using var stream = new MemoryStream();
        new TrafficGenerator(options).WriteCapture(stream, format);
        return stream.ToArray();
    }

    [Fact]
    public void WriteCapture_SameSeed_ByteIdentical()
    {
        byte[] first = Pcap(s_small);
        byte[] second = Pcap(s_small with { });
        Assert.True(first.AsSpan().SequenceEqual(second), "two runs with the same options differ");
    }

    [Fact]
    public void WriteCapture_DifferentSeed_Differs()
    {
        byte[] first = Pcap(s_small);
        byte[] second = Pcap(s_small with { Seed = 8 });
        Assert.False(first.AsSpan().SequenceEqual(second));
    }

    [Fact]
    public void Generate_EveryFrame_WellFormedWithValidChecksums()
    {
        var (_, frames) = Collect(s_small);
        Assert.Equal(s_small.Packets, frames.Count);
        foreach (CollectedFrame frame in frames)
        {
            Assert.Equal(LinkType.Ethernet, frame.LinkType);
            FrameCheck.Check(frame.Data, frame.OriginalLength);
        }
    }

    [Fact]
    public void Generate_Timestamps_StartAtStartTimeAndStrictlyIncreaseInMicroseconds()
    {
        var options = s_small with { PacketsPerSecond = 500_000, StartTimeNs = 1_700_000_000_123_000_000 };
        var (truth, frames) = Collect(options);
        Assert.Equal(options.StartTimeNs, frames[0].TimestampNs);
        for (int i = 1; i < frames.Count; i++)
        {
            Assert.True(frames[i].TimestampNs / 1000 > frames[i - 1].TimestampNs / 1000, $"frame {i} is not later than frame {i - 1}");
        }

        Assert.Equal(frames[^1].TimestampNs, truth.Totals.LastTimestampNs);
        double seconds = (frames[^1].TimestampNs - frames[0].TimestampNs) / 1e9;
        Assert.InRange(frames.Count / seconds, 400_000, 600_000);
    }

    [Fact]
    public void Generate_Truth_EqualsFlowsCountedFromTheFrames()
    {
        var (truth, frames) = Collect(s_small);
        var expected = new Dictionary<FlowKey, FlowCounters>();
        long bytes = 0;
        foreach (CollectedFrame frame in frames)
        {
            FrameCheck.Info info = FrameCheck.Check(frame.Data, frame.OriginalLength);
            FlowKey key = info.ClientKey;
            expected.TryGetValue(key, out FlowCounters c);
            var len = (ulong)frame.OriginalLength;
            expected[key] = info.FromClient
                ? c with { BytesSent = c.BytesSent + len, PacketsSent = c.PacketsSent + 1 }
                : c with { BytesReceived = c.BytesReceived + len, PacketsReceived = c.PacketsReceived + 1 };
            bytes += frame.OriginalLength;
        }

        Assert.Equal(bytes, truth.Totals.Bytes);
        Assert.Equal(frames.Count, truth.Totals.Packets);
        Assert.Equal((ulong)bytes, truth.FlowTotals.Bytes);
        Assert.Equal((ulong)frames.Count, truth.FlowTotals.Packets);
        Assert.Equal(expected.Count, truth.Flows.Count);
        Assert.Equal(expected.Count, truth.Totals.Flows);
        foreach (FlowRecord flow in truth.Flows)
        {
            Assert.True(expected.TryGetValue(flow.Key, out FlowCounters counters), $"truth has {flow.Key}, the frames do not");
            Assert.Equal(counters, flow.Counters);
        }
    }

    [Fact]
    public void Generate_Truth_PairTotalsSumToTotals()
    {
        var (truth, _) = Collect(s_small);
        Assert.Equal((ulong)truth.Totals.Bytes, truth.Pairs.Aggregate(0UL, (s, p) => s + p.Bytes));
        Assert.Equal((ulong)truth.Totals.Packets, truth.Pairs.Aggregate(0UL, (s, p) => s + p.Packets));
        Assert.Equal(truth.Flows.Count, truth.Pairs.Sum(p => p.Flows));
        Assert.All(truth.Pairs, p => Assert.True(p.AddressA <= p.AddressB));
    }

    [Fact]
    public void Generate_Mix_HasTcpUdpIcmpIPv6AndVlanInRoughlyTheAskedShares()
    {
        var (truth, frames) = Collect(s_small with { Packets = 50_000, IPv6Share = 0.3, VlanShare = 0.2 });
        GeneratedTotals t = truth.Totals;
        Assert.True(t.TcpPackets > 0 && t.UdpPackets > 0 && t.IcmpPackets > 0);
        Assert.Equal(t.Packets, t.TcpPackets + t.UdpPackets + t.IcmpPackets);
        int v6Flows = truth.Flows.Count(f => f.Key.IsIPv6);
        Assert.InRange(v6Flows / (double)truth.Flows.Count, 0.2, 0.4);
        int tagged = frames.Count(f => f.Data[12] == 0x81 && f.Data[13] == 0x00);
        Assert.Equal(t.VlanPackets, tagged);
        Assert.True(tagged > 0);
        Assert.Contains(truth.Flows, f => f.Key.Protocol == 17 && f.Key.DestinationPort == 53 && f.Counters.PacketsReceived > 0);
        Assert.Contains(truth.Flows, f => f.Key.Protocol == 17 && f.Counters.PacketsReceived == 0 && f.Counters.PacketsSent > 10);
        Assert.Contains(truth.Flows, f => f.Key.Protocol == 58);
        Assert.Contains(truth.Flows, f => f.Key.Protocol == 1);
    }

    [Fact]
    public void Generate_Tcp_HandshakeDataBothWaysAndTeardown()
    {
        var (truth, frames) = Collect(s_small);
        var complete = truth.Flows.Where(f => f.Key.Protocol == 6 && (f.TcpFlags & 0x13) == 0x13).ToList();
        Assert.NotEmpty(complete);
        Assert.All(truth.Flows.Where(f => f.Key.Protocol == 6), f => Assert.True((f.TcpFlags & 0x02) != 0, $"{f.Key} has no SYN"));

        // Every TCP conversation opens with a client SYN before any other segment of its flow.
        var seen = new HashSet<(UInt128, ushort)>();
        foreach (CollectedFrame frame in frames)
        {
            FrameCheck.Info info = FrameCheck.Check(frame.Data, frame.OriginalLength);
            if (info.Protocol != 6)
            {
                continue;
            }

            var connection = info.FromClient ? (info.Source, info.SourcePort) : (info.Destination, info.DestinationPort);
            if (seen.Add(connection))
            {
                Assert.Equal(0x02, info.TcpFlags);
                Assert.True(info.FromClient);
            }
        }

        Assert.Contains(frames, f => f.OriginalLength == 1514);
        Assert.All(truth.Flows.Where(f => f.Key.Protocol == 6), f => Assert.True(f.DirectionConfident));
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void Generate_FlowSizes_HeavyTailed(ulong seed)
    {
        var (truth, frames) = Collect(new TrafficGeneratorOptions { Packets = 100_000, Flows = 100, Seed = seed });
        ulong[] sizes = [.. truth.Flows.Select(f => f.Counters.Bytes).OrderDescending()];
        ulong top = sizes.Take(Math.Max(1, sizes.Length / 100)).Aggregate(0UL, (s, b) => s + b);
        double topShare = top / (double)(ulong)truth.Totals.Bytes;
        Assert.True(topShare > 0.30, $"the top 1% of {sizes.Length} flows carry {topShare:P1} of bytes");
        ulong median = sizes[sizes.Length / 2];
        Assert.True(median < 20_000, $"median flow is {median} bytes; most flows should be small");
        Assert.True(truth.Flows.Count > 1000, $"{truth.Flows.Count} flows");
        Console.WriteLine($"seed {seed}: top 1% {topShare:P1}, median {median}, {truth.Flows.Count} flows");
        double mean = truth.Totals.Bytes / (double)truth.Totals.Packets;
        Assert.InRange(mean, 350, 1000);
        Assert.Equal(truth.TopFlowsByBytes(1)[0].Counters.Bytes, sizes[0]);
        Assert.True(frames.Count(f => f.OriginalLength >= 1514) > frames.Count / 5, "elephants should send mostly full-size frames");
    }

    [Fact]
    public void Generate_SnapLength96_CutsFramesKeepsOriginalLengthsAndFlows()
    {
        var (fullTruth, fullFrames) = Collect(s_small);
        var (cutTruth, cutFrames) = Collect(s_small with { SnapLength = 96 });
        Assert.Equal(fullFrames.Count, cutFrames.Count);
        for (int i = 0; i < fullFrames.Count; i++)
        {
            Assert.Equal(fullFrames[i].OriginalLength, cutFrames[i].OriginalLength);
            Assert.Equal(fullFrames[i].TimestampNs, cutFrames[i].TimestampNs);
            Assert.Equal(Math.Min(96, fullFrames[i].OriginalLength), cutFrames[i].Data.Length);
            Assert.True(fullFrames[i].Data.AsSpan(0, cutFrames[i].Data.Length).SequenceEqual(cutFrames[i].Data), $"frame {i} differs within the snap length");
            FrameCheck.Check(cutFrames[i].Data, cutFrames[i].OriginalLength);
        }

        Assert.Equal(fullTruth.Totals with { CapturedBytes = 0 }, cutTruth.Totals with { CapturedBytes = 0 });
        Assert.Equal(fullTruth.Totals.Bytes, cutTruth.Totals.Bytes);
        Assert.True(cutTruth.Totals.CapturedBytes < cutTruth.Totals.Bytes / 4);
        Assert.Equal(fullTruth.Flows.Select(f => (f.Key, f.Counters)), cutTruth.Flows.Select(f => (f.Key, f.Counters)));
    }

    [Fact]
    public void WriteJson_RoundTrip_KeepsFlowsTotalsAndOptions()
    {
        var (truth, _) = Collect(s_small with { Packets = 5_000 });
        using var stream = new MemoryStream();
        truth.WriteJson(stream);
        stream.Position = 0;
        GeneratedTruth read = GeneratedTruth.ReadJson(stream);
        Assert.Equal(truth.Options, read.Options);
        Assert.Equal(truth.Totals, read.Totals);
        Assert.Equal(truth.Flows.ToArray(), read.Flows.ToArray());
        Assert.Equal(truth.Pairs.ToArray(), read.Pairs.ToArray());
        Assert.True(read.TryGetFlow(truth.Flows[^1].Key, out FlowRecord last));
        Assert.Equal(truth.Flows[^1].Counters, last.Counters);
    }

    [Fact]
    public void Differences_SameFlows_NoneAndChangedFlows_Named()
    {
        var (truth, _) = Collect(s_small with { Packets = 2_000 });
        Assert.Empty(truth.Differences(truth.Flows));

        FlowRecord[] flows = [.. truth.Flows];
        FlowRecord first = flows[0];
        FlowRecord second = flows[1];
        flows[0].Counters = first.Counters with { PacketsSent = first.Counters.PacketsSent + 1 };
        flows[1].Key = new FlowKey(second.Key.Destination, second.Key.Source, second.Key.DestinationPort, second.Key.Protocol, second.Key.IsIPv6);
        IReadOnlyList<string> differences = truth.Differences(flows);
        Assert.Equal(3, differences.Count);
        Assert.Contains(differences, d => d.StartsWith($"{first.Key}: expected", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith($"missing {second.Key}", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith($"unexpected {flows[1].Key}", StringComparison.Ordinal));

        // Split counters (two rotated blocks) add up to the same flow.
        FlowRecord received = first;
        received.Counters = new FlowCounters(first.Counters.BytesReceived, 0, first.Counters.PacketsReceived, 0);
        FlowRecord sent = first;
        sent.Counters = new FlowCounters(0, first.Counters.BytesSent, 0, first.Counters.PacketsSent);
        Assert.Empty(truth.Differences([received, .. truth.Flows.Skip(1), sent]));
    }

    [Fact]
    public void ReadJson_NotATruthDocument_ThrowsFormatException()
    {
        using var stream = new MemoryStream("{\"format\":\"something-else\"}"u8.ToArray());
        Assert.Throws<FormatException>(() => GeneratedTruth.ReadJson(stream));
    }

    [Theory]
    [InlineData(SyntheticCaptureFormat.Pcap, 0xa1b2c3d4u)]
    [InlineData(SyntheticCaptureFormat.PcapNanoseconds, 0xa1b23c4du)]
    [InlineData(SyntheticCaptureFormat.PcapNg, 0x0A0D0D0Au)]
    public void WriteCapture_Format_WritesItsMagic(SyntheticCaptureFormat format, uint magic)
    {
        byte[] file = Pcap(s_small with { Packets = 100 }, format);
        Assert.Equal(magic, BitConverter.ToUInt32(file, 0));
    }

    [Fact]
    public void Generate_SteadyState_AllocatesLittle()
    {
        var options = new TrafficGeneratorOptions { Packets = 200_000, Flows = 100, Seed = 5 };
        var handler = new CountingHandler();
        var generator = new TrafficGenerator(options);
        generator.Generate(ref handler);
        long before = GC.GetAllocatedBytesForCurrentThread();
        handler = new CountingHandler();
        GeneratedTruth truth = generator.Generate(ref handler);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(options.Packets, handler.Frames);

        // The flow table, the truth and its pair totals take about 1 KB per flow; a frame takes nothing. With
        // some 20 frames per flow, even one small object per frame would push this past the bound.
        long perFlow = (allocated - 1_000_000) / truth.Flows.Count;
        Console.WriteLine($"{allocated} bytes for {options.Packets} frames and {truth.Flows.Count} flows");
        Assert.True(perFlow < 1_500, $"{allocated} bytes allocated for {options.Packets} frames and {truth.Flows.Count} flows");
    }

    [Fact]
    public void Generate_MarkDirection_ClientToServerOutboundOtherwiseUnknown()
    {
        var (_, plain) = Collect(s_small with { Packets = 2_000 });
        Assert.All(plain, f => Assert.Equal(PacketDirection.Unknown, f.Direction));

        var (truth, marked) = Collect(s_small with { Packets = 2_000, MarkDirection = true });
        foreach (CollectedFrame frame in marked)
        {
            bool fromClient = FrameCheck.Check(frame.Data, frame.OriginalLength).FromClient;
            Assert.Equal(fromClient ? PacketDirection.Outbound : PacketDirection.Inbound, frame.Direction);
        }

        Assert.Equal(truth.FlowTotals.PacketsSent, (ulong)marked.Count(f => f.Direction == PacketDirection.Outbound));
        Assert.True(plain.Select(f => f.Data).SequenceEqual(marked.Select(f => f.Data), new BytesComparer()));
    }

    [Fact]
    public void WriteCapture_PcapNgWithDirection_WritesEpbFlags()
    {
        byte[] file = Pcap(s_small with { Packets = 50, MarkDirection = true }, SyntheticCaptureFormat.PcapNg);
        int at = 0;
        int withFlags = 0;
        while (at < file.Length)
        {
            uint type = BitConverter.ToUInt32(file, at);
            int length = BitConverter.ToInt32(file, at + 4);
            if (type == 6)
            {
                int captured = BitConverter.ToInt32(file, at + 20);
                int options = at + 28 + ((captured + 3) & ~3);
                Assert.Equal(2, BitConverter.ToUInt16(file, options));
                Assert.InRange(BitConverter.ToUInt32(file, options + 4), 1u, 2u);
                withFlags++;
            }

            at += length;
        }

        Assert.Equal(50, withFlags);
    }

    [Fact]
    public void WriteCapture_ZeroPackets_HeaderOnlyAndEmptyTruth()
    {
        byte[] file = Pcap(s_small with { Packets = 0 });
        Assert.Equal(24, file.Length);
        var (truth, frames) = Collect(s_small with { Packets = 0 });
        Assert.Empty(frames);
        Assert.Empty(truth.Flows);
        Assert.Equal(0, truth.Totals.Packets);
        Assert.Equal(0, truth.Totals.Connections);
    }

    [Theory]
    [InlineData(-1, 10, 0.2, 0.1, 96, 1000.0)]
    [InlineData(10, 0, 0.2, 0.1, 96, 1000.0)]
    [InlineData(10, 10, 1.5, 0.1, 96, 1000.0)]
    [InlineData(10, 10, 0.2, -0.1, 96, 1000.0)]
    [InlineData(10, 10, 0.2, 0.1, 0, 1000.0)]
    [InlineData(10, 10, 0.2, 0.1, 96, 2_000_000.0)]
    public void Constructor_OptionOutOfRange_Throws(long packets, int flows, double ipv6, double vlan, int snap, double rate)
    {
        var options = new TrafficGeneratorOptions { Packets = packets, Flows = flows, IPv6Share = ipv6, VlanShare = vlan, SnapLength = snap, PacketsPerSecond = rate };
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrafficGenerator(options));
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    private struct CountingHandler : IFrameHandler
    {
        public long Frames;

        public void OnFrame(in Frame frame) => Frames++;
    }
}
