namespace Weir.Engine.Storage;

/// <summary>What building one day's roll-up did.</summary>
/// <param name="Interface">The interface.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Path">The roll-up file.</param>
/// <param name="Blocks">Blocks the roll-up covers now.</param>
/// <param name="BlocksRead">Blocks read to build it (fewer than <paramref name="Blocks"/> when an older roll-up was extended).</param>
/// <param name="Pairs">Distinct (sip, dip) pairs.</param>
/// <param name="SizeBytes">Bytes of the file.</param>
/// <param name="UpToDate">The existing roll-up already covered every block; nothing was written.</param>
public sealed record TalkerRollupBuild(string Interface, DateOnly Day, string Path, int Blocks, int BlocksRead, long Pairs, long SizeBytes, bool UpToDate);
