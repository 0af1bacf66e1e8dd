using Weir.Engine.Flows;

namespace Weir.Actors.Writeout;

/// <summary>
/// Where writeout puts blocks: the flow database (<see cref="FlowDbSink"/>) or, in tests, a fake. Called on
/// the writeout actor's thread only. A throw is retried with back-off (the same block, until it succeeds).
/// </summary>
public interface IFlowBlockSink : IDisposable
{
    /// <summary>Writes <paramref name="block"/> durably, or throws.</summary>
    void Write(FlowBlock block);
}
