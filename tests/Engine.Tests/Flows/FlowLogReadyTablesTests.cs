using System.Collections.Concurrent;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Engine.Tests.Flows;

/// <summary>
/// The ready table sets of a <see cref="FlowLog"/>: a rotation must find a set as large as the interval it ends,
/// whether writeout has given the previous block back or not, without a set made or dropped per rotation in steady state.
/// </summary>
public class FlowLogReadyTablesTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static FlowLog NewLog() => new(new FlowLogOptions { InitialCapacity = 16 });

    /// <summary>Counts <paramref name="flows"/> distinct flows (one packet each) towards <paramref name="destination"/>.</summary>
    private static void Fill(FlowLog log, int flows, uint destination)
    {
        for (uint i = 0; i < flows; i++)
        {
            log.Add(new ParsedPacket { Source = 0x0A000000 + i, Destination = destination, Protocol = 17, HasPorts = true, SourcePort = 40000, DestinationPort = 53 }, i + 1, 64, PacketDirection.Unknown);
        }
    }

    /// <summary>What the capture thread does between batches until nothing more is asked: spare sets are made and ready.</summary>
    private static void Settle(FlowLog log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (log.PrepareSpareTables() || log.PreparingSpare)
        {
            Assert.True(DateTime.UtcNow < deadline, "spare tables not ready in time");
            Thread.Sleep(2);
        }
    }

    [Fact]
    public void Rotate_PreviousBlockStillHeld_NextIntervalStartsAsLargeAsThePrevious()
    {
        FlowLog log = NewLog();
        Fill(log, 20_000, 1);
        long grown = log.Tables.Capacity;
        Settle(log);
        FlowBlock first = log.Rotate("eth0", s_start, s_start);
        Fill(log, 20_000, 2);
        Settle(log);

        // Writeout still holds the first block: the second rotation must not fall back to small tables.
        FlowBlock second = log.Rotate("eth0", s_start, s_start);
        Assert.Equal(2, log.OutstandingSets);
        Assert.Equal(grown, log.Tables.Capacity);
        int made = log.TableSetsMade;
        Fill(log, 20_000, 3);
        Assert.Equal(grown, log.Tables.Capacity);
        Assert.Equal(made, log.TableSetsMade);

        Assert.Equal(20_000, first.Records.Length);
        Assert.Equal(20_000, second.Records.Length);
    }

    [Fact]
    public void Rotate_WriteoutFasterThanTheInterval_ThreeSetsCycleAndNoneIsMadeOrDropped()
    {
        FlowLog log = NewLog();
        Fill(log, 10_000, 1);
        long grown = log.Tables.Capacity;
        int madeAfterWarmUp = 0;
        for (int k = 0; k < 30; k++)
        {
            Settle(log);
            FlowBlock block = log.Rotate("eth0", s_start, s_start);
            Assert.Equal(grown, log.Tables.Capacity);

            // A second set is ready while writeout holds the block: a rotation now would not wait for it either.
            Assert.True(log.HasReadyTables);
            Settle(log);
            Assert.Equal(10_000, block.Count);
            block.Release();
            Assert.Equal([grown, grown], log.ReadyCapacities);
            Fill(log, 10_000, (uint)k + 2);
            if (k == 2)
            {
                madeAfterWarmUp = log.TableSetsMade;
            }
        }

        // The growing first set, the spares made while it grew, then nothing: three full-size sets cycle.
        Assert.Equal(madeAfterWarmUp, log.TableSetsMade);
        Assert.Equal(grown, log.Tables.Capacity);
    }

    [Fact]
    public void Rotate_WriteoutGivesEachBlockBackAfterTheNextRotation_NoSetMadeInSteadyState()
    {
        FlowLog log = NewLog();
        Fill(log, 10_000, 1);
        long grown = log.Tables.Capacity;
        FlowBlock? held = null;
        int madeAfterWarmUp = 0;
        for (int k = 0; k < 30; k++)
        {
            Settle(log);
            FlowBlock block = log.Rotate("eth0", s_start, s_start);
            Assert.Equal(grown, log.Tables.Capacity);

            // The capture thread asks for spares at once, before writeout is done with the block before.
            Settle(log);
            if (held is not null)
            {
                Assert.Equal(10_000, held.Count);
                held.Release();
            }

            held = block;
            Fill(log, 10_000, (uint)k + 2);
            Assert.Equal(grown, log.Tables.Capacity);
            if (k == 3)
            {
                madeAfterWarmUp = log.TableSetsMade;
            }
        }

        Assert.Equal(madeAfterWarmUp, log.TableSetsMade);
        Assert.True(log.ReadyCapacities.Length <= FlowLog.MaxReadySets);
    }

    [Fact]
    public void Rotate_WriteoutHoldsEveryBlock_EachIntervalStillStartsFullSizeAndThePoolKeepsTheTwoLargest()
    {
        FlowLog log = NewLog();
        var blocks = new List<FlowBlock>();
        var sizes = new List<long>();
        foreach (int flows in (ReadOnlySpan<int>)[300, 3000, 12_000, 40_000, 40_000])
        {
            Fill(log, flows, (uint)flows);
            long size = log.Tables.Capacity;
            Settle(log);
            sizes.Add(size);
            blocks.Add(log.Rotate("eth0", s_start, s_start));

            // A full disk: writeout keeps every block, yet the next interval does not start small.
            Assert.Equal(size, log.Tables.Capacity);
        }

        Assert.Equal(blocks.Count, log.OutstandingSets);
        foreach (FlowBlock block in blocks)
        {
            block.Release();
        }

        long[] ready = log.ReadyCapacities;
        Assert.Equal(FlowLog.MaxReadySets, ready.Length);
        Assert.Equal([.. sizes.OrderDescending().Take(FlowLog.MaxReadySets)], ready);
        Assert.Equal(0, log.OutstandingSets);
    }

    [Fact]
    public void Rotate_BlocksReleasedOnAnotherThreadMeanwhile_EveryBlockKeepsItsOwnFlows()
    {
        FlowLog log = NewLog();
        using var queue = new BlockingCollection<(FlowBlock Block, int Flows)>();
        var failures = new ConcurrentQueue<string>();
        var consumer = new Thread(() =>
        {
            foreach ((FlowBlock block, int flows) in queue.GetConsumingEnumerable())
            {
                // Read the block as the writer does, while the capture thread counts into another set.
                var sum = new PacketSum();
                block.ForEach(ref sum);
                if (block.Count != flows || sum.Packets != (ulong)flows)
                {
                    failures.Enqueue($"block of {flows} flows had {block.Count} flows, {sum.Packets} packets");
                }

                block.Release();
            }
        });
        consumer.Start();
        for (int k = 0; k < 200; k++)
        {
            int flows = 500 + (k * 37 % 2000);
            Fill(log, flows, (uint)k + 1);
            log.PrepareSpareTables();
            queue.Add((log.Rotate("eth0", s_start, s_start), flows));
        }

        queue.CompleteAdding();
        consumer.Join();
        Assert.Empty(failures);
        Assert.Equal(0, log.OutstandingSets);
        Settle(log);
        Assert.True(log.ReadyCapacities.Length <= FlowLog.MaxReadySets);
    }

    private struct PacketSum : IFlowRecordVisitor
    {
        public ulong Packets;

        public void Visit(in FlowRecord record) => Packets += record.Counters.Packets;
    }
}
