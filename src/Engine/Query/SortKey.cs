namespace Weir.Engine.Query;

/// <summary>What the result rows are ordered by.</summary>
public enum SortKey
{
    /// <summary>Bytes in the query's direction.</summary>
    Bytes,

    /// <summary>Packets in the query's direction.</summary>
    Packets,

    /// <summary>Time bucket (needs the <c>time</c> attribute), then bytes.</summary>
    Time,
}
