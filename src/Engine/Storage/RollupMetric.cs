namespace Weir.Engine.Storage;

/// <summary>What a top-N query over roll-ups ranks by (the sort key and direction of the query).</summary>
internal enum RollupMetric
{
    /// <summary>Bytes received + sent (the order roll-up rows are stored in).</summary>
    Bytes,

    /// <summary>Bytes received.</summary>
    BytesReceived,

    /// <summary>Bytes sent.</summary>
    BytesSent,

    /// <summary>Packets received + sent.</summary>
    Packets,

    /// <summary>Packets received.</summary>
    PacketsReceived,

    /// <summary>Packets sent.</summary>
    PacketsSent,
}
