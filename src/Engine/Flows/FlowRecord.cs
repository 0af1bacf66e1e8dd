namespace Weir.Engine.Flows;

/// <summary>One aggregated flow: its key, counters and what was seen of it during an interval.</summary>
public struct FlowRecord
{
    /// <summary>The flow's identity.</summary>
    public FlowKey Key;

    /// <summary>Bytes and packets in each direction.</summary>
    public FlowCounters Counters;

    /// <summary>Time of the first packet, nanoseconds since the Unix epoch.</summary>
    public long FirstSeenNs;

    /// <summary>Time of the last packet, nanoseconds since the Unix epoch.</summary>
    public long LastSeenNs;

    /// <summary>Union of the TCP flags seen (0 for other protocols).</summary>
    public byte TcpFlags;

    /// <summary>
    /// Whether the client/server orientation was decided from evidence (TCP SYN or SYN-ACK, an ICMP request or
    /// reply type) rather than guessed from the capture direction, address class or port heuristics.
    /// </summary>
    public bool DirectionConfident;
}
