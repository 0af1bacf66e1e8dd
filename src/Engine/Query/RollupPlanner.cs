using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>
/// Decides when the day roll-ups give the same answer as the blocks. A roll-up keeps only per-(sip, dip) sums of a
/// day's covered blocks, so it can stand for those blocks when the query groups by a subset of {sip, dip}, its
/// condition looks only at addresses (sip, dip, host, snet, dnet, net: a property of the pair), it does not group
/// or sort by time, and its time range includes every covered block.
/// </summary>
internal static class RollupPlanner
{
    /// <summary>Whether the query may be answered from roll-ups at all.</summary>
    public static bool Eligible(FlowQuery query) =>
        query.UseRollups &&
        (query.GroupBy & ~(GroupAttributes.Sip | GroupAttributes.Dip)) == 0 &&
        query.Sort != SortKey.Time &&
        (query.Condition is null || AddressesOnly(query.Condition));

    /// <summary>The roll-up that answers with the fewest rows: by source when grouping by sip with a condition on the
    /// source only, by destination likewise, else by pair.</summary>
    public static RollupKind Kind(FlowQuery query) => query.GroupBy switch
    {
        GroupAttributes.Sip when query.Condition is null || OneSide(query.Condition, destination: false) => RollupKind.Sources,
        GroupAttributes.Dip when query.Condition is null || OneSide(query.Condition, destination: true) => RollupKind.Destinations,
        _ => RollupKind.Pairs,
    };

    /// <summary>The one side a condition looks at (<see cref="RollupKind.Sources"/> or <see cref="RollupKind.Destinations"/>),
    /// or <see cref="RollupKind.Pairs"/> when it looks at both.</summary>
    public static RollupKind Side(ConditionNode condition) =>
        OneSide(condition, destination: false) ? RollupKind.Sources : OneSide(condition, destination: true) ? RollupKind.Destinations : RollupKind.Pairs;

    /// <summary>Whether a top-N merge over the days' ordered roll-ups of <paramref name="kind"/> answers the query
    /// (their rows are the query's groups); else their rows are aggregated.</summary>
    public static bool TopN(FlowQuery query, RollupKind kind) =>
        query.Limit > 0 && !query.Ascending && query.GroupBy == kind switch
        {
            RollupKind.Sources => GroupAttributes.Sip,
            RollupKind.Destinations => GroupAttributes.Dip,
            _ => GroupAttributes.Sip | GroupAttributes.Dip,
        };

    /// <summary>Whether every covered block [0, <paramref name="covered"/>) lies in the query's time range (a block
    /// is in range when it ends after FROM and starts before LAST, as the scan reads them).</summary>
    public static bool CoversRange(IReadOnlyList<FlowDbBlock> blocks, int covered, DateTimeOffset from, DateTimeOffset to)
    {
        for (int i = 0; i < covered; i++)
        {
            if (blocks[i].End <= from || blocks[i].Start >= to)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The ranking metric of a query, in roll-up terms.</summary>
    public static RollupMetric Metric(FlowQuery query) => (query.Sort == SortKey.Packets, query.Direction) switch
    {
        (false, Direction.In) => RollupMetric.BytesReceived,
        (false, Direction.Out) => RollupMetric.BytesSent,
        (false, _) => RollupMetric.Bytes,
        (true, Direction.In) => RollupMetric.PacketsReceived,
        (true, Direction.Out) => RollupMetric.PacketsSent,
        _ => RollupMetric.Packets,
    };

    private static bool OneSide(ConditionNode node, bool destination) => node switch
    {
        ConditionNode.And a => OneSide(a.Left, destination) && OneSide(a.Right, destination),
        ConditionNode.Or o => OneSide(o.Left, destination) && OneSide(o.Right, destination),
        ConditionNode.Not n => OneSide(n.Operand, destination),
        ConditionNode.Comparison c => destination ? c.Field is ConditionField.Dip or ConditionField.Dnet : c.Field is ConditionField.Sip or ConditionField.Snet,
        _ => false,
    };

    private static bool AddressesOnly(ConditionNode node) => node switch
    {
        ConditionNode.And a => AddressesOnly(a.Left) && AddressesOnly(a.Right),
        ConditionNode.Or o => AddressesOnly(o.Left) && AddressesOnly(o.Right),
        ConditionNode.Not n => AddressesOnly(n.Operand),
        ConditionNode.Comparison c => c.Field is not (ConditionField.Dport or ConditionField.Proto),
        _ => false,
    };
}
