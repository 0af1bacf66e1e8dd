using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

/// <summary>
/// The immutable result of one rotation interval on one interface: the aggregated flows and the interval's
/// totals. Produced by <c>FlowLog.Rotate()</c>, consumed by writeout and the flow database. Thread-safe to read.
/// </summary>
/// <remarks>
/// A block made by <see cref="FlowLog.Rotate"/> holds the log's flow tables as they were at the rotation, so
/// that rotating does not copy a million flows while packets wait. <see cref="Count"/>, <see cref="Totals"/>
/// and <see cref="Stats"/> are known at once; the first read of <see cref="Records"/> copies the flows into
/// records (O(flows), on the reader's thread) and gives the tables back to the log for reuse.
/// </remarks>
public sealed class FlowBlock
{
    private static readonly long[] s_noIssues = new long[ParseIssues.Count];

    private readonly Lock _gate = new();
    private readonly long[] _issues;
    private FlowRecord[]? _records;
    private FlowLogTables? _tables;

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
        _issues = s_noIssues;
        FlowCounters totals = default;
        for (int i = 0; i < count; i++)
        {
            totals += records[i].Counters;
        }

        Totals = totals;
    }

    /// <summary>A block over copied records whose totals the log summed while counting.</summary>
    internal FlowBlock(string interfaceName, DateTimeOffset start, DateTimeOffset end, FlowRecord[] records, int count, FlowCounters totals, FlowBlockStats stats, long[] issues)
    {
        InterfaceName = interfaceName;
        Start = start;
        End = end;
        _records = records;
        Count = count;
        Totals = totals;
        Stats = stats;
        _issues = issues;
    }

    /// <summary>A block that takes over a rotated log's tables; records are copied out on first read.</summary>
    internal FlowBlock(string interfaceName, DateTimeOffset start, DateTimeOffset end, FlowLogTables tables, FlowCounters totals, FlowBlockStats stats, long[] issues)
    {
        InterfaceName = interfaceName;
        Start = start;
        End = end;
        _tables = tables;
        Count = tables.Count;
        Totals = totals;
        Stats = stats;
        _issues = issues;
    }

    /// <summary>The interface the flows were captured on.</summary>
    public string InterfaceName { get; }

    /// <summary>Start of the interval.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>End of the interval (the rotation time).</summary>
    public DateTimeOffset End { get; }

    /// <summary>Number of flows.</summary>
    public int Count { get; }

    /// <summary>The flows, in no particular order (IPv4 before IPv6 for blocks made by a <see cref="FlowLog"/>).</summary>
    public ReadOnlySpan<FlowRecord> Records => (Volatile.Read(ref _records) ?? Materialize()).AsSpan(0, Count);

    /// <summary>Sum of the counters of all flows.</summary>
    public FlowCounters Totals { get; }

    /// <summary>Packet accounting of the interval: processed, dropped and not counted into flows.</summary>
    public FlowBlockStats Stats { get; }

    /// <summary>
    /// Per-reason counts of the interval indexed by <see cref="ParseIssue"/> code: frames not counted, orphan
    /// fragments (counted without ports) and local-buffer drops. All zero for blocks built from records.
    /// </summary>
    public ReadOnlySpan<long> IssueCounts => _issues;

    /// <summary>The count of <paramref name="issue"/> in the interval.</summary>
    public long IssueCount(ParseIssue issue) => (int)issue < _issues.Length ? _issues[(int)issue] : 0;

    /// <summary>Copies the flows out of the rotated tables once, then returns the tables to their log.</summary>
    private FlowRecord[] Materialize()
    {
        lock (_gate)
        {
            if (_records is { } done)
            {
                return done;
            }

            FlowLogTables tables = _tables!;
            var records = new FlowRecord[Count];
            tables.CopyTo(records);
            _tables = null;
            Volatile.Write(ref _records, records);
            tables.Owner.Recycle(tables);
            return records;
        }
    }
}
