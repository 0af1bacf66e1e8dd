using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>What a roll-up's header records about the blocks it covers.</summary>
/// <param name="Kind">What the rows are keyed by.</param>
/// <param name="Codec">Codec of the chunks.</param>
/// <param name="Blocks">Blocks covered: [0, Blocks) of the day.</param>
/// <param name="Fingerprint">Fingerprint of the covered blocks' metadata (<see cref="MetaFile.Fingerprint"/>).</param>
/// <param name="Flows4">IPv4 flows of the covered blocks.</param>
/// <param name="Flows6">IPv6 flows of the covered blocks.</param>
/// <param name="Totals">Counter totals of the covered blocks.</param>
/// <param name="Pairs">Rows of the roll-up: distinct (sip, dip) pairs, sources or destinations.</param>
internal readonly record struct TalkerRollupHeader(RollupKind Kind, ColumnCodec Codec, int Blocks, uint Fingerprint, long Flows4, long Flows6, FlowCounters Totals, long Pairs);
