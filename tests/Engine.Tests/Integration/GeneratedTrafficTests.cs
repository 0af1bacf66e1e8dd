using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Engine.Synthetic;

namespace Weir.Engine.Tests.Integration;

/// <summary>
/// The engine end to end on the project's own synthetic captures, whose flows are known exactly: generator →
/// pcap/pcapng file → reader → parser → flow log, and on through the flow database and a query.
/// </summary>
public sealed class GeneratedTrafficTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weir-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(SyntheticCaptureFormat.Pcap, 1UL)]
    [InlineData(SyntheticCaptureFormat.PcapNanoseconds, 2UL)]
    [InlineData(SyntheticCaptureFormat.PcapNg, 3UL)]
    public void FlowLog_ReadingGeneratedCapture_CountsEveryFlowExactlyInBothDirections(SyntheticCaptureFormat format, ulong seed)
    {
        string path = Path.Combine(_dir, "t.cap");
        GeneratedTruth truth = new TrafficGenerator(new TrafficGeneratorOptions { Packets = 60_000, Flows = 400, Seed = seed }).WriteCapture(path, format);

        var log = new FlowLog();
        using (ICaptureSource source = CaptureFile.Open(path))
        {
            var handler = new FlowLogFrameHandler(log);
            while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
            {
            }
        }

        FlowBlock block = log.Aggregate("t", DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow);
        Assert.Equal(truth.Totals.Packets, log.Stats.PacketsProcessed);
        Assert.Equal(0, log.Stats.PacketsNotCounted);
        Assert.Equal(truth.Flows.Count, block.Count);
        foreach (FlowRecord got in block.Records)
        {
            Assert.True(truth.TryGetFlow(got.Key, out FlowRecord want), $"unexpected flow {got.Key}");
            Assert.Equal(want.Counters, got.Counters);
        }
    }

    [Fact]
    public void ImportThenQuery_GeneratedCapture_TopTalkersEqualTruth()
    {
        string path = Path.Combine(_dir, "t.pcap");
        GeneratedTruth truth = new TrafficGenerator(new TrafficGeneratorOptions { Packets = 80_000, Flows = 300, Seed = 11, PacketsPerSecond = 200 })
            .WriteCapture(path);
        string db = Path.Combine(_dir, "db");
        using (var writer = new FlowDbWriter(db, new FlowDbWriterOptions { Durable = false }))
        {
            var importer = new CaptureImporter(writer, "eth0", TimeSpan.FromMinutes(1));
            using ICaptureSource source = CaptureFile.Open(path);
            var handler = new Import(importer);
            while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
            {
            }

            importer.Flush();
            // 80k packets at 200/s span ~400 s of capture time: several one-minute blocks.
            Assert.True(importer.BlocksWritten >= 6, $"{importer.BlocksWritten} blocks");
        }

        using FlowDbReader reader = FlowDb.Open(db);
        var query = new FlowQuery
        {
            Interfaces = ["eth0"],
            GroupBy = GroupAttributes.Sip | GroupAttributes.Dip | GroupAttributes.Dport | GroupAttributes.Proto,
            Limit = 0,
        };
        QueryResult result = QueryExecutor.Run(reader, query);
        FlowCounters totals = default;
        foreach (ResultRow row in result.Rows)
        {
            totals += row.Counters;
        }

        Assert.Equal(truth.FlowTotals, totals);
        Assert.Equal(truth.Flows.Count, result.Rows.Count);
    }

    private readonly struct Import(CaptureImporter importer) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => importer.Add(in frame);
    }
}
