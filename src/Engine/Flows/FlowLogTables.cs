namespace Weir.Engine.Flows;

/// <summary>
/// The IPv4 and IPv6 flow tables of one interval. A <see cref="FlowLog"/> owns several sets: one it counts
/// into, those handed over inside <see cref="FlowBlock"/>s, which return them for reuse once their consumer is
/// done, and up to <see cref="FlowLog.MaxReadySets"/> ready for the next interval, so that rotation swaps
/// tables instead of allocating them (three sets in steady state; see <see cref="FlowLog.PrepareSpareTables"/>).
/// </summary>
internal sealed class FlowLogTables
{
    /// <summary>Creates tables that hold <paramref name="initialCapacity"/> flows each before growing.</summary>
    public FlowLogTables(FlowLog owner, int initialCapacity)
        : this(owner, initialCapacity, initialCapacity)
    {
    }

    /// <summary>Creates tables that hold <paramref name="flows4"/> IPv4 and <paramref name="flows6"/> IPv6 flows before growing.</summary>
    public FlowLogTables(FlowLog owner, int flows4, int flows6)
    {
        Owner = owner;
        V4 = new FlowTable<FlowKeyV4>(flows4);
        V6 = new FlowTable<FlowKeyV6>(flows6);
    }

    /// <summary>The log the tables return to.</summary>
    public FlowLog Owner { get; }

    /// <summary>IPv4 flows.</summary>
    public FlowTable<FlowKeyV4> V4 { get; }

    /// <summary>IPv6 flows.</summary>
    public FlowTable<FlowKeyV6> V6 { get; }

    /// <summary>Flows in both tables.</summary>
    public int Count => V4.Count + V6.Count;

    /// <summary>Slots in both tables (what reusing this set saves allocating).</summary>
    public long Capacity => (long)V4.Capacity + V6.Capacity;

    /// <summary>Copies all flows, IPv4 first, into <paramref name="destination"/>; returns the number written.</summary>
    public int CopyTo(Span<FlowRecord> destination)
    {
        int n = V4.CopyTo(destination);
        return n + V6.CopyTo(destination[n..]);
    }

    /// <summary>Hands all flows, IPv4 first, to <paramref name="visitor"/>.</summary>
    public void Visit<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IFlowRecordVisitor
    {
        V4.Visit(ref visitor);
        V6.Visit(ref visitor);
    }

    /// <summary>Whether both tables have at least the slots of <paramref name="other"/>'s (so reusing this set spares <paramref name="other"/>'s interval its growth).</summary>
    public bool HoldsAsMuchAs(FlowLogTables other) => V4.Capacity >= other.V4.Capacity && V6.Capacity >= other.V6.Capacity;

    /// <summary>Empties both tables in O(1).</summary>
    public void Clear()
    {
        V4.Clear();
        V6.Clear();
    }
}
