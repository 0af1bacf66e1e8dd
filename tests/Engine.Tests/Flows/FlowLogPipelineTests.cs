using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using Weir.Engine.Synthetic;
using Weir.Engine.Tests.Synthetic;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Flows;

/// <summary>
/// <see cref="FlowLog.Add(in Frame)"/> defers counting by a few packets and decides each packet's orientation and
/// preferred key before it is counted; the flows must be exactly those of counting every packet at once
/// (<see cref="FlowLog.Add(in ParsedPacket, long, int, PacketDirection)"/>): same keys, counters, times, flags,
/// confidence and accounting, also with reads of the log between packets.
/// </summary>
public sealed class FlowLogPipelineTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Add_GeneratedTraffic_SameFlowsAsCountingAtOnce(bool markDirection)
    {
        var frames = new List<CollectedFrame>();
        var handler = new CollectingHandler(frames);
        new TrafficGenerator(new TrafficGeneratorOptions { Packets = 60_000, Flows = 800, Seed = 11, MarkDirection = markDirection }).Generate(ref handler);

        var pipelined = new FlowLog();
        var atOnce = new FlowLog();
        ParsedPacket packet = default;
        for (int i = 0; i < frames.Count; i++)
        {
            CollectedFrame f = frames[i];
            var frame = new Frame(f.Data, f.TimestampNs, f.OriginalLength, f.LinkType, f.Direction);
            pipelined.Add(in frame);
            Count(atOnce, in frame, ref packet);
            if (i % 9_973 == 0)
            {
                // A read in the middle counts what is pending first.
                Assert.Equal(atOnce.Count, pipelined.Count);
                Assert.Equal(atOnce.Totals, pipelined.Totals);
            }
        }

        AssertSameFlows("generated", atOnce, pipelined);
    }

    /// <summary>Real captures bring fragments, ICMP, handshakes seen halfway, equal ports and every link type.</summary>
    [SkippableFact]
    public void Add_EveryCorpusFile_SameFlowsAsCountingAtOnce()
    {
        string corpus = Requires.PcapCorpus();
        int files = 0;
        foreach (string path in Directory.EnumerateFiles(corpus).Where(p => p.EndsWith(".pcap", StringComparison.Ordinal) || p.EndsWith(".pcapng", StringComparison.Ordinal)).Order())
        {
            var pipelined = new FlowLog();
            var atOnce = new FlowLog();
            try
            {
                using ICaptureSource source = CaptureFile.Open(path);
                var both = new BothHandler(pipelined, atOnce);
                while (source.ReadBatch(ref both, CancellationToken.None) >= 0)
                {
                }
            }
            catch (CaptureFileException)
            {
                // A corrupt file ends where it is corrupt; both logs have counted the same frames up to there.
            }

            AssertSameFlows(Path.GetFileName(path), atOnce, pipelined);
            files++;
        }

        Assert.True(files > 100, $"only {files} corpus files read");
    }

    private static void Count(FlowLog log, in Frame frame, ref ParsedPacket packet)
    {
        ParseIssue issue = PacketParser.Parse(frame.Data, frame.LinkType, ref packet);
        if (issue == ParseIssue.None)
        {
            log.Add(in packet, frame.TimestampNs, frame.OriginalLength, frame.Direction);
        }
        else
        {
            // The log's own tally of a frame it cannot count (it returns before its pipeline for those).
            log.Add(in frame);
        }
    }

    private static void AssertSameFlows(string what, FlowLog expected, FlowLog actual)
    {
        FlowRecord[] want = [.. expected.Aggregate("x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch).Records.ToArray().OrderBy(r => r.Key)];
        FlowRecord[] got = [.. actual.Aggregate("x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch).Records.ToArray().OrderBy(r => r.Key)];
        Assert.True(want.Length == got.Length, $"{what}: {want.Length} flows counted at once, {got.Length} pipelined");
        for (int i = 0; i < want.Length; i++)
        {
            FlowRecord w = want[i], g = got[i];
            bool same = w.Key == g.Key && w.Counters == g.Counters && w.FirstSeenNs == g.FirstSeenNs && w.LastSeenNs == g.LastSeenNs
                && w.TcpFlags == g.TcpFlags && w.DirectionConfident == g.DirectionConfident;
            Assert.True(same, $"{what}: flow {w.Key} {w.Counters} at once, {g.Key} {g.Counters} pipelined");
        }

        FlowLogStats a = expected.Stats, b = actual.Stats;
        Assert.Equal(a.PacketsProcessed, b.PacketsProcessed);
        Assert.Equal(a.PacketsNotCounted, b.PacketsNotCounted);
        Assert.Equal(a.BytesProcessed, b.BytesProcessed);
        Assert.Equal(a.IssueCounts.ToArray(), b.IssueCounts.ToArray());
        Assert.Equal(expected.Totals, actual.Totals);
    }

    /// <summary>Hands each frame to both logs: one through the pipeline, one parsed and counted at once.</summary>
    private struct BothHandler(FlowLog pipelined, FlowLog atOnce) : IFrameHandler
    {
        private ParsedPacket _packet;

        public void OnFrame(in Frame frame)
        {
            pipelined.Add(in frame);
            Count(atOnce, in frame, ref _packet);
        }
    }
}
