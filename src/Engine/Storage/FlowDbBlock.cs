using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>One committed block as its metadata describes it: time, rows, totals, drops and column bounds.</summary>
public sealed class FlowDbBlock
{
    private readonly ColumnChunk[] _chunks;

    internal FlowDbBlock(string interfaceName, DateOnly day, string dayDirectory, int index, DateTimeOffset start, DateTimeOffset end,
        int rows4, int rows6, FlowCounters totals, FlowBlockStats stats, BlockSummary summary, ColumnChunk[] chunks)
    {
        Interface = interfaceName;
        Day = day;
        DayDirectory = dayDirectory;
        Index = index;
        Start = start;
        End = end;
        Rows4 = rows4;
        Rows6 = rows6;
        Totals = totals;
        Stats = stats;
        Summary = summary;
        _chunks = chunks;
    }

    /// <summary>The interface.</summary>
    public string Interface { get; }

    /// <summary>The UTC day the block belongs to (the day of its start).</summary>
    public DateOnly Day { get; }

    /// <summary>Position of the block within its day (write order).</summary>
    public int Index { get; }

    /// <summary>Start of the interval.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>End of the interval.</summary>
    public DateTimeOffset End { get; }

    /// <summary>IPv4 flows.</summary>
    public int Rows4 { get; }

    /// <summary>IPv6 flows.</summary>
    public int Rows6 { get; }

    /// <summary>All flows.</summary>
    public int Rows => Rows4 + Rows6;

    /// <summary>Sum of the counters of the block's flows.</summary>
    public FlowCounters Totals { get; }

    /// <summary>Packet accounting of the interval, drops included.</summary>
    public FlowBlockStats Stats { get; }

    /// <summary>Per-column bounds used to skip the block.</summary>
    public BlockSummary Summary { get; }

    /// <summary>Bytes the block occupies in its column files.</summary>
    public long StoredBytes
    {
        get
        {
            long sum = 0;
            foreach (ColumnChunk c in _chunks)
            {
                sum += c.Length;
            }

            return sum;
        }
    }

    /// <summary>The codec of the block's first column (all columns of a block are written with one codec).</summary>
    public ColumnCodec Codec => _chunks[0].Codec;

    internal string DayDirectory { get; }

    internal ReadOnlySpan<ColumnChunk> Chunks => _chunks;
}
