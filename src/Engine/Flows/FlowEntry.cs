using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weir.Engine.Flows;

/// <summary>
/// What a flow table slot holds besides the key: the counters, first and last time seen, the union of TCP
/// flags and whether the orientation is confident. Mutated in place through a <c>ref</c>, never copied per packet.
/// The two bytes come first and the packing is 2 so that, behind a 12-byte IPv4 key and a 2-byte stamp, a
/// whole slot is 64 bytes with every counter still 8-byte aligned within it.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal struct FlowEntry
{
    /// <summary>Union of the TCP flags seen.</summary>
    public byte TcpFlags;

    /// <summary>Whether the orientation came from SYN / SYN-ACK / ICMP request-reply evidence.</summary>
    public bool DirectionConfident;

    /// <summary>Bytes from the flow's source to its destination.</summary>
    public ulong BytesSent;

    /// <summary>Bytes from the flow's destination back to its source.</summary>
    public ulong BytesReceived;

    /// <summary>Packets from the flow's source to its destination.</summary>
    public ulong PacketsSent;

    /// <summary>Packets from the flow's destination back to its source.</summary>
    public ulong PacketsReceived;

    /// <summary>Earliest packet timestamp, nanoseconds since the Unix epoch.</summary>
    public long FirstSeenNs;

    /// <summary>Latest packet timestamp, nanoseconds since the Unix epoch.</summary>
    public long LastSeenNs;

    /// <summary>The counters as the public record type.</summary>
    public readonly FlowCounters Counters => new(BytesReceived, BytesSent, PacketsReceived, PacketsSent);

    /// <summary>Starts the entry with its first packet's time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Start(long timestampNs)
    {
        this = default;
        FirstSeenNs = timestampNs;
        LastSeenNs = timestampNs;
    }

    /// <summary>Counts one packet; <paramref name="fromSource"/> tells sent (source to destination) from received.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(bool fromSource, ulong bytes, long timestampNs, byte tcpFlags)
    {
        if (fromSource)
        {
            BytesSent += bytes;
            PacketsSent++;
        }
        else
        {
            BytesReceived += bytes;
            PacketsReceived++;
        }

        // Replayed and reordered frames may be older than the last one: keep the interval's true bounds.
        if (timestampNs < FirstSeenNs)
        {
            FirstSeenNs = timestampNs;
        }

        if (timestampNs > LastSeenNs)
        {
            LastSeenNs = timestampNs;
        }

        TcpFlags |= tcpFlags;
    }

    /// <summary>Counts bytes and one packet only (for running totals, where times and flags are not kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountBytes(bool fromSource, ulong bytes)
    {
        if (fromSource)
        {
            BytesSent += bytes;
            PacketsSent++;
        }
        else
        {
            BytesReceived += bytes;
            PacketsReceived++;
        }
    }

    /// <summary>
    /// Adds the counts of <paramref name="other"/>, the same flow (same key) counted over another stretch of
    /// packets: counters summed, the earliest first and latest last time, flags and confidence united.
    /// </summary>
    public void Add(in FlowEntry other)
    {
        BytesSent += other.BytesSent;
        BytesReceived += other.BytesReceived;
        PacketsSent += other.PacketsSent;
        PacketsReceived += other.PacketsReceived;
        FirstSeenNs = Math.Min(FirstSeenNs, other.FirstSeenNs);
        LastSeenNs = Math.Max(LastSeenNs, other.LastSeenNs);
        TcpFlags |= other.TcpFlags;
        DirectionConfident |= other.DirectionConfident;
    }

    /// <summary>The same flow seen from the other end: sent and received swapped.</summary>
    public readonly FlowEntry Reversed()
    {
        FlowEntry r = this;
        r.BytesSent = BytesReceived;
        r.BytesReceived = BytesSent;
        r.PacketsSent = PacketsReceived;
        r.PacketsReceived = PacketsSent;
        return r;
    }
}
