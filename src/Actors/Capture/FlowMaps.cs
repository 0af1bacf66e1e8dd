using Weir.Engine.Flows;

namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="GetFlowMaps"/>: one block per interface that answered (an interface restarting is left out), from its last rotation to now.</summary>
/// <param name="Blocks">The blocks (<c>FlowLog.Aggregate</c> copies), sorted by interface.</param>
public sealed record FlowMaps(IReadOnlyList<FlowBlock> Blocks);
