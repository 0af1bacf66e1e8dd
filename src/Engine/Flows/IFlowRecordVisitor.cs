namespace Weir.Engine.Flows;

/// <summary>
/// Receives the flows of a <see cref="FlowBlock"/> one at a time (<see cref="FlowBlock.ForEach{TVisitor}(ref TVisitor)"/>),
/// so that a consumer such as the database writer reads a rotated block without a copy of all its records.
/// Implement it on a struct: the call is then specialised and inlined, with no allocation.
/// </summary>
public interface IFlowRecordVisitor
{
    /// <summary>One flow; <paramref name="record"/> is valid for the duration of the call only.</summary>
    void Visit(in FlowRecord record);
}
