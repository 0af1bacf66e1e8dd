namespace Weir.Engine.Query;

/// <summary>The attributes a query groups by.</summary>
[Flags]
public enum GroupAttributes
{
    /// <summary>No grouping: one row with the totals.</summary>
    None = 0,

    /// <summary>Source address.</summary>
    Sip = 1,

    /// <summary>Destination address.</summary>
    Dip = 2,

    /// <summary>Destination port.</summary>
    Dport = 4,

    /// <summary>IP protocol.</summary>
    Proto = 8,

    /// <summary>Interface.</summary>
    Iface = 16,

    /// <summary>Time bucket (block start, or the query's resolution).</summary>
    Time = 32,
}
