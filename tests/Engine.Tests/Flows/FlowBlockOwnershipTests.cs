using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using Weir.Engine.Storage;
using Weir.Engine.Tests.Storage;

namespace Weir.Engine.Tests.Flows;

/// <summary>Reading a rotated block without copying it, releasing it, spare tables and combined blocks.</summary>
public class FlowBlockOwnershipTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static FlowLog LogWith(int flows, uint firstSource = 0, int initialCapacity = 16)
    {
        var log = new FlowLog(new FlowLogOptions { InitialCapacity = initialCapacity });
        for (uint i = 0; i < flows; i++)
        {
            log.Add(new ParsedPacket { Source = firstSource + i, Destination = 1, Protocol = 17, HasPorts = true, SourcePort = 40000, DestinationPort = 53 }, i + 1, 64 + (int)(i % 7), PacketDirection.Unknown);
        }

        return log;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void ForEach_RotatedBlock_VisitsEveryFlowInRecordsOrder()
    {
        FlowBlock block = LogWith(3000).Rotate("eth0", s_start, s_start);
        var seen = new Collect(new FlowRecord[block.Count]);
        block.ForEach(ref seen);

        Assert.Equal(block.Count, seen.Count);
        Assert.Equal(block.Records.ToArray(), seen.Records);
        Assert.Equal(block.Totals.Packets, (ulong)seen.Records.Sum(r => (long)r.Counters.Packets));
    }

    [Fact]
    public void Release_AfterForEach_TablesReusedAndFlowsGone()
    {
        FlowLog log = LogWith(10_000);
        long grown = log.Tables.Capacity;
        FlowBlock block = log.Rotate("eth0", s_start, s_start);
        var sum = new Collect(new FlowRecord[block.Count]);
        block.ForEach(ref sum);
        block.Release();
        block.Release();

        Assert.Throws<InvalidOperationException>(() => block.Records.Length);
        Assert.Throws<InvalidOperationException>(() => block.ForEach(ref sum));
        Assert.Equal(10_000, block.Count);
        Assert.Equal(10_000UL, block.Totals.Packets);

        // No records were copied, yet the tables came back: the interval after the next rotation starts with them.
        log.Rotate("eth0", s_start, s_start);
        Assert.Equal(grown, log.Tables.Capacity);
    }

    [Fact]
    public void Release_RecordsReadBefore_RecordsStayReadable()
    {
        FlowBlock block = LogWith(500).Rotate("eth0", s_start, s_start);
        FlowRecord[] before = block.Records.ToArray();
        block.Release();

        Assert.Equal(before, block.Records.ToArray());
        var seen = new Collect(new FlowRecord[block.Count]);
        block.ForEach(ref seen);
        Assert.Equal(before, seen.Records);
    }

    [Fact]
    public void PrepareSpareTables_GrownLogNothingOutstanding_NextIntervalStartsAtFullSize()
    {
        FlowLog log = LogWith(20_000);
        long grown = log.Tables.Capacity;

        Assert.True(log.PrepareSpareTables());
        WaitUntil(() => log.HasReadyTables && !log.PreparingSpare);

        // Nothing is out to come back: a second set is made, so that one is still ready after the rotation.
        Assert.True(log.PrepareSpareTables());
        WaitUntil(() => log.ReadyCapacities.Length == 2 && !log.PreparingSpare);
        Assert.False(log.PrepareSpareTables());
        FlowBlock block = log.Rotate("eth0", s_start, s_start);
        Assert.True(log.HasReadyTables);

        Assert.Equal(grown, log.Tables.Capacity);
        Assert.Equal(20_000, block.Records.Length);
    }

    [Fact]
    public void PrepareSpareTables_BlockNotReleased_MakesOneSoTheNextRotationNeedNotWaitForIt()
    {
        FlowLog log = LogWith(5000);
        FlowBlock block = log.Rotate("eth0", s_start, s_start);
        for (uint i = 0; i < 5000; i++)
        {
            log.Add(new ParsedPacket { Source = i, Destination = 2, Protocol = 17, HasPorts = true, SourcePort = 40000, DestinationPort = 53 }, 1, 64, PacketDirection.Unknown);
        }

        // Writeout may still hold the rotated set at the next rotation: have one ready regardless.
        Assert.True(log.PrepareSpareTables());
        WaitUntil(() => log.HasReadyTables && !log.PreparingSpare);

        // One ready and one to come back: the pool of two will be full, so nothing more is made.
        Assert.False(log.PrepareSpareTables());
        block.Release();
        Assert.Equal(2, log.ReadyCapacities.Length);
        Assert.False(log.PrepareSpareTables());
    }

    [Fact]
    public void Combine_ThreeLogs_SumsTotalsStatsIssuesAndVisitsEveryPart()
    {
        FlowLog[] logs = [LogWith(100, 0), LogWith(200, 1000), LogWith(300, 5000)];
        logs[1].CountDropped(ParseIssue.LocalBufferFull);
        FlowBlock[] parts = [.. logs.Select((l, k) => l.Rotate("eth0", s_start, s_start, kernelDropped: k + 1))];

        FlowBlock block = FlowBlock.Combine("eth0", s_start, s_start.AddMinutes(5), parts);

        Assert.Equal(600, block.Count);
        Assert.Equal(parts[0].Totals + parts[1].Totals + parts[2].Totals, block.Totals);
        Assert.Equal(new FlowBlockStats(600, 0, 6, 1), block.Stats);
        Assert.Equal(1, block.IssueCount(ParseIssue.LocalBufferFull));
        var seen = new Collect(new FlowRecord[block.Count]);
        block.ForEach(ref seen);
        Assert.Equal(block.Totals.Packets, (ulong)seen.Records.Sum(r => (long)r.Counters.Packets));
        Assert.Equal(600, seen.Records.Select(r => r.Key).Distinct().Count());
        Assert.Equal(seen.Records, block.Records.ToArray());
    }

    [Fact]
    public void Combine_Release_GivesEveryPartsTablesBack()
    {
        FlowLog[] logs = [LogWith(4000, 0), LogWith(4000, 10_000)];
        long[] grown = [.. logs.Select(l => l.Tables.Capacity)];
        FlowBlock block = FlowBlock.Combine("eth0", s_start, s_start, [.. logs.Select(l => l.Rotate("eth0", s_start, s_start))]);

        block.Release();

        Assert.Throws<InvalidOperationException>(() => block.Records.Length);
        for (int k = 0; k < logs.Length; k++)
        {
            logs[k].Rotate("eth0", s_start, s_start);
            Assert.Equal(grown[k], logs[k].Tables.Capacity);
        }
    }

    [Fact]
    public void FlowDbWriter_RotatedBlock_WritesEveryFlowWithoutCopyingRecords()
    {
        using var dir = new TempDirectory();
        FlowLog log = LogWith(2000);
        long grown = log.Tables.Capacity;
        FlowBlock block = log.Rotate("eth0", s_start, s_start.AddMinutes(5));
        using (var writer = new FlowDbWriter(dir.Path, new FlowDbWriterOptions { Durable = false }))
        {
            writer.Write(block);
        }

        block.Release();
        log.Rotate("eth0", s_start, s_start);
        Assert.Equal(grown, log.Tables.Capacity);
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        FlowDbBlock stored = Assert.Single(reader.ListBlocks("eth0", new DateOnly(2026, 11, 30)));
        Assert.Equal(block.Totals, stored.Totals);
        using BlockColumns cols = reader.ReadBlock(stored, FlowColumns.All)!;
        Assert.Equal(2000, cols.Count);
        Assert.Equal(2000, Enumerable.Range(0, cols.Count).Select(cols.KeyAt).Distinct().Count());
    }

    private struct Collect(FlowRecord[] records) : IFlowRecordVisitor
    {
        public readonly FlowRecord[] Records => records;

        public int Count { get; private set; }

        public void Visit(in FlowRecord record) => records[Count++] = record;
    }
}
