namespace Weir.Engine.Flows;

/// <summary>
/// Byte and packet counters of a flow in each direction, relative to the flow's orientation: "sent" is
/// traffic from the flow's source (the client) to its destination (the server), "received" is traffic from
/// the destination back to the source. Bytes are original frame lengths, link header included. (goProbe
/// instead picks the counter by capture direction, outgoing = sent; see <see cref="FlowLog"/>.)
/// </summary>
/// <param name="BytesReceived">Bytes from destination to source (server to client).</param>
/// <param name="BytesSent">Bytes from source to destination (client to server).</param>
/// <param name="PacketsReceived">Packets from destination to source.</param>
/// <param name="PacketsSent">Packets from source to destination.</param>
public readonly record struct FlowCounters(ulong BytesReceived, ulong BytesSent, ulong PacketsReceived, ulong PacketsSent)
{
    /// <summary>Bytes in both directions.</summary>
    public ulong Bytes => BytesReceived + BytesSent;

    /// <summary>Packets in both directions.</summary>
    public ulong Packets => PacketsReceived + PacketsSent;

    /// <summary>Adds counters field by field.</summary>
    public static FlowCounters operator +(FlowCounters left, FlowCounters right) =>
        new(left.BytesReceived + right.BytesReceived, left.BytesSent + right.BytesSent,
            left.PacketsReceived + right.PacketsReceived, left.PacketsSent + right.PacketsSent);

    /// <summary>Adds counters field by field (named alternative to the operator).</summary>
    public static FlowCounters Add(FlowCounters left, FlowCounters right) => left + right;
}
