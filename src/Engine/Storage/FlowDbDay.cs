using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>The totals of one interface-day, as kept in the interface's day summary (no column file is opened to list them).</summary>
/// <param name="Interface">The interface.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Blocks">Committed blocks.</param>
/// <param name="Rows4">IPv4 flows over all blocks.</param>
/// <param name="Rows6">IPv6 flows over all blocks.</param>
/// <param name="First">Start of the earliest block.</param>
/// <param name="Last">End of the latest block.</param>
/// <param name="Totals">Sum of all flow counters.</param>
/// <param name="Stats">Sum of the blocks' packet accounting (drops included).</param>
/// <param name="StoredBytes">Bytes of column data.</param>
public sealed record FlowDbDay(string Interface, DateOnly Day, int Blocks, long Rows4, long Rows6, DateTimeOffset First, DateTimeOffset Last,
    FlowCounters Totals, FlowBlockStats Stats, long StoredBytes)
{
    /// <summary>All flows.</summary>
    public long Rows => Rows4 + Rows6;

    /// <summary>Sums a day's blocks.</summary>
    internal static FlowDbDay FromBlocks(string interfaceName, DateOnly day, IReadOnlyList<FlowDbBlock> blocks)
    {
        long r4 = 0, r6 = 0, stored = 0, processed = 0, notCounted = 0, kernel = 0, local = 0;
        FlowCounters totals = default;
        DateTimeOffset first = DateTimeOffset.MaxValue, last = DateTimeOffset.MinValue;
        foreach (FlowDbBlock b in blocks)
        {
            r4 += b.Rows4;
            r6 += b.Rows6;
            stored += b.StoredBytes;
            totals += b.Totals;
            processed += b.Stats.PacketsProcessed;
            notCounted += b.Stats.PacketsNotCounted;
            kernel += b.Stats.KernelDropped;
            local += b.Stats.LocalDropped;
            first = b.Start < first ? b.Start : first;
            last = b.End > last ? b.End : last;
        }

        if (blocks.Count == 0)
        {
            first = last = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return new FlowDbDay(interfaceName, day, blocks.Count, r4, r6, first, last, totals,
            new FlowBlockStats(processed, notCounted, kernel, local), stored);
    }
}
