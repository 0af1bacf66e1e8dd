using Weir.Engine.Flows;
using Weir.Host.Cli;

namespace Weir.Host.Tests.Cli;

/// <summary>The report's order is what a reader compares between runs: largest first, equal sizes in key order.</summary>
public sealed class FlowReportWriterTests
{
    /// <summary>Many flows (sorted in halves on two cores and merged) with many equal byte counts, IPv4 and IPv6 mixed.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Select_ManyFlowsWithTies_LargestFirstThenKeyOrder(bool byPackets)
    {
        FlowSortOrder sort = byPackets ? FlowSortOrder.Packets : FlowSortOrder.Bytes;
        const int Count = 80_000;
        var rng = new Random(7);
        var records = new FlowRecord[Count];
        Span<byte> v6 = stackalloc byte[16];
        Span<byte> v6b = stackalloc byte[16];
        for (int i = 0; i < Count; i++)
        {
            // Few distinct sizes, so most flows tie; some IPv4 flows share an address pair and differ only by port.
            ulong size = (ulong)rng.Next(1, 40);
            FlowKey key;
            if (i % 4 == 0)
            {
                rng.NextBytes(v6);
                rng.NextBytes(v6b);
                if (i % 8 == 0)
                {
                    // Sources of one /64: only the full key tells them apart.
                    v6[..8].Clear();
                }

                key = FlowKey.FromIPv6(v6, v6b, (ushort)rng.Next(1, 1000), 17);
            }
            else
            {
                key = FlowKey.FromIPv4(0x0A000000u + (uint)rng.Next(50), 0xC0A80001u, (ushort)rng.Next(1, 60000), (byte)(i % 2 == 0 ? 6 : 17));
            }

            records[i] = new FlowRecord { Key = key, Counters = new FlowCounters(size, size * 3 % 7, size % 5, (ulong)rng.Next(1, 30)) };
        }

        var block = new FlowBlock("f", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, records, Count, default);
        FlowRecord[] selected = FlowReportWriter.Select(block, 0, sort);

        Func<FlowRecord, ulong> metric = sort == FlowSortOrder.Packets ? r => r.Counters.Packets : r => r.Counters.Bytes;
        FlowRecord[] expected = [.. records.OrderByDescending(metric).ThenBy(r => r.Key)];
        Assert.Equal(Count, selected.Length);
        Assert.Equal(expected.Select(r => r.Key), selected.Select(r => r.Key));

        // The top of the same order, picked without sorting everything.
        FlowRecord[] top = FlowReportWriter.Select(block, 100, sort);
        Assert.Equal(expected.Take(100).Select(r => r.Key), top.Select(r => r.Key));
    }
}
