using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>How a query scans: the columns to read, the compiled filter and the key layout.</summary>
internal sealed class QueryPlan
{
    public QueryPlan(FlowQuery query)
    {
        Query = query;
        GroupBy = query.GroupBy;
        Filter = query.Condition is null ? null : ConditionFilter.Compile(query.Condition);
        UseSip = (GroupBy & GroupAttributes.Sip) != 0;
        UseDip = (GroupBy & GroupAttributes.Dip) != 0;
        UsePort = (GroupBy & GroupAttributes.Dport) != 0;
        UseProto = (GroupBy & GroupAttributes.Proto) != 0;
        UseIface = (GroupBy & GroupAttributes.Iface) != 0;
        UseTime = (GroupBy & GroupAttributes.Time) != 0;
        HasAddress = UseSip || UseDip;
        int bits = (UseSip ? 32 : 0) + (UseDip ? 32 : 0) + (UsePort ? 16 : 0) + (UseProto ? 8 : 0);
        // IPv4 keys of up to 64 bits (sip,dip is exactly 64) use the packed map; IPv6 rows use it only when no
        // address is grouped, so that a port's IPv4 and IPv6 rows land in one group.
        Packed = bits <= 64 && !UseIface && !UseTime;
        ShiftPort = UseProto ? 8 : 0;
        ShiftDip = ShiftPort + (UsePort ? 16 : 0);
        ShiftSip = ShiftDip + (UseDip ? 32 : 0);
        ResolutionNs = query.Resolution is { } r ? Math.Max(1, (long)r.TotalNanoseconds) : 0;
        Columns = FlowColumns.Counters | (Filter?.Columns ?? FlowColumns.None) |
            (UseSip ? FlowColumns.Sip : 0) | (UseDip ? FlowColumns.Dip : 0) | (UsePort ? FlowColumns.Dport : 0) | (UseProto ? FlowColumns.Proto : 0);
    }

    public FlowQuery Query { get; }

    public GroupAttributes GroupBy { get; }

    public ConditionFilter? Filter { get; }

    public FlowColumns Columns { get; }

    public bool UseSip { get; }

    public bool UseDip { get; }

    public bool UsePort { get; }

    public bool UseProto { get; }

    public bool UseIface { get; }

    public bool UseTime { get; }

    public bool HasAddress { get; }

    public bool Packed { get; }

    public int ShiftSip { get; }

    public int ShiftDip { get; }

    public int ShiftPort { get; }

    public long ResolutionNs { get; }

    /// <summary>Whether rows of a family go to the packed map.</summary>
    public bool PackedFor(bool ipv6) => Packed && (!ipv6 || !HasAddress);

    /// <summary>The time key of a block.</summary>
    public long TimeKey(long blockStartNs) => !UseTime ? 0 : ResolutionNs > 0 ? blockStartNs - (((blockStartNs % ResolutionNs) + ResolutionNs) % ResolutionNs) : blockStartNs;

    /// <summary>Unpacks a packed key into the general key.</summary>
    public GroupKey Unpack(PackedKey key)
    {
        ulong v = key.Value;
        return new GroupKey(
            UseSip ? (uint)(v >> ShiftSip) : 0u,
            UseDip ? (uint)(v >> ShiftDip) : 0u,
            UsePort ? (ushort)(v >> ShiftPort) : (ushort)0,
            UseProto ? (byte)v : (byte)0,
            0, 0, 0);
    }
}
