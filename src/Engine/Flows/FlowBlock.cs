namespace Weir.Engine.Flows;

/// <summary>
/// The immutable result of one rotation interval on one interface: the aggregated flows and the interval's
/// totals. Produced by <c>FlowLog.Rotate()</c>, consumed by writeout and the flow database.
/// </summary>
public sealed class FlowBlock
{
    private readonly FlowRecord[] _records;

    /// <summary>Creates a block over <paramref name="count"/> records of <paramref name="records"/>; the array is owned by the block from now on.</summary>
    public FlowBlock(string interfaceName, DateTimeOffset start, DateTimeOffset end, FlowRecord[] records, int count, FlowBlockStats stats)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, records.Length);
        InterfaceName = interfaceName;
        Start = start;
        End = end;
        _records = records;
        Count = count;
        Stats = stats;
        FlowCounters totals = default;
        for (int i = 0; i < count; i++)
        {
            totals += records[i].Counters;
        }

        Totals = totals;
    }

    /// <summary>The interface the flows were captured on.</summary>
    public string InterfaceName { get; }

    /// <summary>Start of the interval.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>End of the interval (the rotation time).</summary>
    public DateTimeOffset End { get; }

    /// <summary>Number of flows.</summary>
    public int Count { get; }

    /// <summary>The flows, in no particular order.</summary>
    public ReadOnlySpan<FlowRecord> Records => _records.AsSpan(0, Count);

    /// <summary>Sum of the counters of all flows.</summary>
    public FlowCounters Totals { get; }

    /// <summary>Packet accounting of the interval: processed, dropped and not counted into flows.</summary>
    public FlowBlockStats Stats { get; }
}
