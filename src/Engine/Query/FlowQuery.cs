namespace Weir.Engine.Query;

/// <summary>A parsed query: where and when to look, what to keep, how to group, order and cut.</summary>
public sealed record FlowQuery
{
    /// <summary>Interfaces to read; null (or "any") reads all.</summary>
    public IReadOnlyList<string>? Interfaces { get; init; }

    /// <summary>Earliest time: blocks that end after it are read; null is unbounded.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest time: blocks that start before it are read; null is unbounded.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Row filter; null keeps every flow.</summary>
    public ConditionNode? Condition { get; init; }

    /// <summary>Attributes to group by.</summary>
    public GroupAttributes GroupBy { get; init; } = GroupAttributes.Sip | GroupAttributes.Dip;

    /// <summary>Ordering of the rows.</summary>
    public SortKey Sort { get; init; } = SortKey.Bytes;

    /// <summary>Ascending instead of descending.</summary>
    public bool Ascending { get; init; }

    /// <summary>Direction of the counters ranked and shown.</summary>
    public Direction Direction { get; init; } = Direction.Sum;

    /// <summary>Number of rows returned; 0 returns all.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Width of a time bucket when grouping by time; null uses each block's start.</summary>
    public TimeSpan? Resolution { get; init; }

    /// <summary>Threads scanning blocks; 0 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Whether the day roll-ups may answer the query when they provably give the same answer (true);
    /// false always scans the blocks (<c>weir query --no-rollup</c>).</summary>
    public bool UseRollups { get; init; } = true;
}
