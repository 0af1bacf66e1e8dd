using System.Diagnostics.CodeAnalysis;
using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

/// <summary>
/// The immutable result of one rotation interval on one interface: the aggregated flows and the interval's
/// totals. Produced by <c>FlowLog.Rotate()</c>, consumed by writeout and the flow database. Thread-safe to read.
/// </summary>
/// <remarks>
/// <para>A block made by <see cref="FlowLog.Rotate"/> holds the log's flow tables as they were at the rotation,
/// so that rotating does not copy a million flows while packets wait. <see cref="Count"/>, <see cref="Totals"/>
/// and <see cref="Stats"/> are known at once. The flows can be read two ways: <see cref="ForEach{TVisitor}(ref TVisitor)"/>
/// reads them straight from the tables (no copy: what the database writer does), and <see cref="Records"/>
/// copies them into an array on first read (O(flows), on the reader's thread) and gives the tables back to the
/// log for reuse.</para>
/// <para><b>Ownership.</b> Whoever owns the block (writeout: a <c>WriteBlock</c> hands it over) calls
/// <see cref="Release"/> once it is done with it, which gives the tables back to the log for its next interval,
/// so that 1 M-flow intervals rotate without allocating. After that, the flows of a block that was never copied
/// out are gone: <see cref="ForEach{TVisitor}(ref TVisitor)"/> and <see cref="Records"/> throw
/// <see cref="InvalidOperationException"/>. A block whose <see cref="Records"/> were read before keeps them;
/// <see cref="Release"/> does nothing to blocks built from records.</para>
/// </remarks>
public sealed class FlowBlock
{
    private static readonly long[] s_noIssues = new long[ParseIssues.Count];

    private readonly Lock _gate = new();
    private readonly long[] _issues;
    private readonly FlowBlock[]? _parts;
    private FlowRecord[]? _records;
    private FlowLogTables? _tables;
    private bool _released;

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

    /// <summary>A block whose flows are those of <paramref name="parts"/>, one after another.</summary>
    private FlowBlock(string interfaceName, DateTimeOffset start, DateTimeOffset end, FlowBlock[] parts)
    {
        InterfaceName = interfaceName;
        Start = start;
        End = end;
        _parts = parts;
        var issues = new long[ParseIssues.Count];
        FlowCounters totals = default;
        long processed = 0, notCounted = 0, kernelDropped = 0, localDropped = 0;
        int count = 0;
        foreach (FlowBlock part in parts)
        {
            count = checked(count + part.Count);
            totals += part.Totals;
            processed += part.Stats.PacketsProcessed;
            notCounted += part.Stats.PacketsNotCounted;
            kernelDropped += part.Stats.KernelDropped;
            localDropped += part.Stats.LocalDropped;
            ReadOnlySpan<long> partIssues = part.IssueCounts;
            for (int i = 0; i < partIssues.Length && i < issues.Length; i++)
            {
                issues[i] += partIssues[i];
            }
        }

        Count = count;
        Totals = totals;
        Stats = new FlowBlockStats(processed, notCounted, kernelDropped, localDropped);
        _issues = issues;
    }

    /// <summary>
    /// One block of <paramref name="interfaceName"/> from the blocks of several flow logs of it (one per fanout
    /// socket): its flows are those of the parts one after another (a key counted by two logs appears once per
    /// log; the database and queries sum rows by key), its totals, stats and issue counts the parts' sums.
    /// O(parts): the flows are not copied. The block owns the parts from now on (<see cref="Release"/> releases them).
    /// </summary>
    public static FlowBlock Combine(string interfaceName, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<FlowBlock> parts)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(parts);
        return new FlowBlock(interfaceName, start, end, [.. parts]);
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
    public ReadOnlySpan<FlowRecord> Records => RecordMemory.Span;

    /// <summary><see cref="Records"/> as memory, for work that hands the flows to other threads.</summary>
    public ReadOnlyMemory<FlowRecord> RecordMemory => (Volatile.Read(ref _records) ?? Materialize()).AsMemory(0, Count);

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

    /// <summary>
    /// Hands every flow to <paramref name="visitor"/>, in the order of <see cref="Records"/>, without copying the
    /// block's flows (a rotated block is read straight from its tables).
    /// </summary>
    /// <exception cref="InvalidOperationException">The block was released before its flows were copied out.</exception>
    public void ForEach<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IFlowRecordVisitor
    {
        if (Volatile.Read(ref _records) is { } copied)
        {
            for (int i = 0; i < Count; i++)
            {
                visitor.Visit(in copied[i]);
            }

            return;
        }

        lock (_gate)
        {
            if (_records is { } records)
            {
                for (int i = 0; i < Count; i++)
                {
                    visitor.Visit(in records[i]);
                }
            }
            else if (_parts is not null && !_released)
            {
                foreach (FlowBlock part in _parts)
                {
                    part.ForEach(ref visitor);
                }
            }
            else if (_tables is not null)
            {
                _tables.Visit(ref visitor);
            }
            else
            {
                ThrowReleased();
            }
        }
    }

    /// <summary>
    /// Tells the block its owner is done with it: the flow tables go back to their log for reuse. Idempotent;
    /// does nothing to a block whose records were copied out or that was built from records.
    /// </summary>
    public void Release()
    {
        FlowLogTables? tables;
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            tables = _tables;
            _tables = null;
        }

        tables?.Owner.Recycle(tables);
        if (_parts is not null)
        {
            foreach (FlowBlock part in _parts)
            {
                part.Release();
            }
        }
    }

    /// <summary>Copies the flows out of the rotated tables once, then returns the tables to their log.</summary>
    private FlowRecord[] Materialize()
    {
        lock (_gate)
        {
            if (_records is { } done)
            {
                return done;
            }

            if (_released)
            {
                ThrowReleased();
            }

            var records = new FlowRecord[Count];
            if (_parts is not null)
            {
                var copy = new CopyVisitor(records);
                foreach (FlowBlock part in _parts)
                {
                    part.ForEach(ref copy);
                }

                Volatile.Write(ref _records, records);
                foreach (FlowBlock part in _parts)
                {
                    part.Release();
                }

                return records;
            }

            FlowLogTables tables = _tables!;
            tables.CopyTo(records);
            _tables = null;
            Volatile.Write(ref _records, records);
            tables.Owner.Recycle(tables);
            return records;
        }
    }

    [DoesNotReturn]
    private void ThrowReleased() =>
        throw new InvalidOperationException($"the block of {InterfaceName} from {Start:O} was released: its flows went back to the log (read them before Release)");

    /// <summary>Copies visited flows into an array, in order.</summary>
    private struct CopyVisitor(FlowRecord[] destination) : IFlowRecordVisitor
    {
        private int _next;

        public void Visit(in FlowRecord record) => destination[_next++] = record;
    }
}
