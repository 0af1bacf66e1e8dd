using Weir.Engine.Flows;

namespace Weir.Engine.Tests.Flows;

public class FlowTableTests
{
    [Theory]
    [InlineData(0, 16)]
    [InlineData(11, 16)]
    [InlineData(12, 32)]
    [InlineData(716, 1024)]
    [InlineData(717, 2048)]
    public void CapacityFor_Flows_KeepsLoadAtMostSevenTenths(int flows, int expected) =>
        Assert.Equal(expected, FlowTable<FlowKeyV4>.CapacityFor(flows));

    /// <summary>
    /// An IPv4 slot is one cache line only when the slots start on a line: then a lookup loads one line, not two.
    /// The entry sits behind the 12-byte key and the 2-byte stamp, so every entry is 14 bytes past a line start.
    /// </summary>
    [Fact]
    public unsafe void Slots_SmallGrownAndAfterCollections_StartOnCacheLines()
    {
        var table = new FlowTable<FlowKeyV4>(0);
        for (uint i = 0; i < 50_000; i++)
        {
            int slot = table.Insert(new FlowKeyV4(i, ~i, (ushort)i, 17));
            if (i % 997 == 0)
            {
                // Collections must not move the slots off their alignment (they are pinned).
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            nint entry = (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref table.EntryAt(slot));
            Assert.Equal(0, (entry - 14) % 64);
        }

        Assert.True(table.Capacity > 50_000, "the table grew several times");
    }

    [Fact]
    public void Insert_AcrossManyResizes_KeepsEveryCounter()
    {
        var table = new FlowTable<FlowKeyV4>(0);
        const int N = 100_000;
        for (uint i = 0; i < N; i++)
        {
            int slot = table.Insert(new FlowKeyV4(i, ~i, (ushort)i, 6));
            ref FlowEntry e = ref table.EntryAt(slot);
            e.Start(i);
            e.Count(fromSource: true, bytes: i + 1, timestampNs: i, tcpFlags: 0);
            e.Count(fromSource: false, bytes: 2 * i, timestampNs: i + 5, tcpFlags: 0x10);
        }

        Assert.Equal(N, table.Count);
        Assert.True(table.Capacity >= N / 0.7, $"capacity {table.Capacity}");
        for (uint i = 0; i < N; i++)
        {
            int slot = table.Find(new FlowKeyV4(i, ~i, (ushort)i, 6));
            Assert.True(slot >= 0, $"key {i} lost");
            FlowEntry e = table.EntryAt(slot);
            Assert.Equal(new FlowCounters(2 * i, i + 1, 1, 1), e.Counters);
            Assert.Equal((long)i, e.FirstSeenNs);
            Assert.Equal((long)i + 5, e.LastSeenNs);
            Assert.Equal(0x10, e.TcpFlags);
        }

        Assert.True(table.Find(new FlowKeyV4(N, ~(uint)N, N % 65536, 6)) < 0);
    }

    [Fact]
    public void RemoveAt_RandomInsertsAndRemovals_MatchesDictionary()
    {
        var rng = new Random(7);
        var table = new FlowTable<FlowKeyV4>(0);
        var model = new Dictionary<FlowKeyV4, ulong>();
        for (int step = 0; step < 200_000; step++)
        {
            // A small key space, so that clusters form and deletions have to shift them.
            var key = new FlowKeyV4((uint)rng.Next(64), (uint)rng.Next(64), (ushort)rng.Next(4), 6);
            int slot = table.Find(key);
            Assert.Equal(model.ContainsKey(key), slot >= 0);
            if (slot >= 0 && rng.Next(3) == 0)
            {
                table.RemoveAt(slot);
                model.Remove(key);
            }
            else if (slot >= 0)
            {
                table.EntryAt(slot).Count(true, 1, 0, 0);
                model[key]++;
            }
            else
            {
                table.EntryAt(table.Insert(key)).Count(true, 1, 0, 0);
                model[key] = 1;
            }
        }

        Assert.Equal(model.Count, table.Count);
        foreach ((FlowKeyV4 key, ulong bytes) in model)
        {
            int slot = table.Find(key);
            Assert.True(slot >= 0);
            Assert.Equal(bytes, table.EntryAt(slot).BytesSent);
        }
    }

    [Fact]
    public void Clear_AfterInserts_EmptiesAndKeepsCapacity()
    {
        var table = new FlowTable<FlowKeyV6>(0);
        for (ulong i = 0; i < 1000; i++)
        {
            table.Insert(new FlowKeyV6(i, i, i, i, 1, 17));
        }

        int capacity = table.Capacity;
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Equal(capacity, table.Capacity);
        Assert.True(table.Find(new FlowKeyV6(5, 5, 5, 5, 1, 17)) < 0);
        Assert.Equal(0, table.CopyTo(new FlowRecord[1]));
        int slot = table.Insert(new FlowKeyV6(5, 5, 5, 5, 1, 17));
        Assert.Equal(0UL, table.EntryAt(slot).PacketsSent);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Clear_StampWrapsAround_OldFlowsStayGone()
    {
        var table = new FlowTable<FlowKeyV4>(0);
        var key = new FlowKeyV4(1, 2, 3, 6);
        for (int round = 0; round < 70_000; round++)
        {
            Assert.True(table.Find(key) < 0, $"round {round}");
            table.Insert(key);
            table.Insert(new FlowKeyV4((uint)round, 9, 9, 17));
            table.Clear();
        }

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.CopyTo(new FlowRecord[4]));
    }
}
