namespace Weir.Engine.Query;

/// <summary>What a query scan did.</summary>
/// <param name="Interfaces">Interfaces looked at.</param>
/// <param name="Days">Interface-days whose metadata was read.</param>
/// <param name="BlocksInRange">Blocks in the time range.</param>
/// <param name="BlocksSkipped">Blocks proven empty of matches by their column bounds, never read.</param>
/// <param name="BlocksRead">Blocks read and scanned.</param>
/// <param name="BlocksDamaged">Blocks skipped because they were damaged.</param>
/// <param name="LiveBlocks">Not-yet-written blocks merged in.</param>
/// <param name="RowsScanned">Flow rows scanned.</param>
/// <param name="RowsMatched">Flow rows that matched the condition.</param>
/// <param name="First">Start of the earliest block read (null when none).</param>
/// <param name="Last">End of the latest block read (null when none).</param>
/// <param name="Elapsed">Wall time of the query.</param>
public sealed record QueryStatistics(int Interfaces, int Days, int BlocksInRange, int BlocksSkipped, int BlocksRead, int BlocksDamaged,
    int LiveBlocks, long RowsScanned, long RowsMatched, DateTimeOffset? First, DateTimeOffset? Last, TimeSpan Elapsed)
{
    /// <summary>Interface-days answered (for their covered blocks) from talkers roll-ups instead of their blocks.</summary>
    public int RollupDays { get; init; }

    /// <summary>Blocks whose flows came from roll-ups (included in <see cref="BlocksInRange"/>, not in <see cref="BlocksRead"/>).</summary>
    public int RollupBlocks { get; init; }

    /// <summary>Roll-up pairs read.</summary>
    public long RollupPairsRead { get; init; }
}
