using System.Runtime.InteropServices;
using Weir.Engine.Flows;

namespace Weir.Engine.Synthetic;

/// <summary>The generator's running count of one flow; turned into a <see cref="FlowRecord"/> at the end.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct FlowAccumulator
{
    public FlowKey Key;
    public ulong BytesSent;
    public ulong BytesReceived;
    public ulong PacketsSent;
    public ulong PacketsReceived;
    public long FirstSeenNs;
    public long LastSeenNs;
    public byte TcpFlags;

    public readonly FlowRecord ToRecord() => new()
    {
        Key = Key,
        Counters = new FlowCounters(BytesReceived, BytesSent, PacketsReceived, PacketsSent),
        FirstSeenNs = FirstSeenNs,
        LastSeenNs = LastSeenNs,
        TcpFlags = TcpFlags,
        DirectionConfident = Key.Protocol is not 17,
    };
}
