namespace Weir.Engine.Flows;

/// <summary>
/// Byte and packet counters of a flow in each direction. "Received" and "sent" are seen from the capturing
/// host (goProbe's convention): sent is traffic from the flow's source towards its destination.
/// </summary>
/// <param name="BytesReceived">Bytes received (original frame lengths, link header included).</param>
/// <param name="BytesSent">Bytes sent.</param>
/// <param name="PacketsReceived">Packets received.</param>
/// <param name="PacketsSent">Packets sent.</param>
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
