using System.Numerics;
using System.Runtime.InteropServices;
using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

/// <summary>
/// Remembers recent first IP fragments and their ports, keyed by (source, destination, protocol, fragment id),
/// so that the later fragments of the same datagram, which carry no transport header, are counted into the
/// same flow. Bounded: a fixed array organised as 4-way sets, where a new first fragment replaces an expired
/// or the oldest entry of its set; an entry also expires when its first fragment is older than the timeout.
/// Allocates only at construction.
/// </summary>
internal sealed class FragmentCache
{
    /// <summary>Entries per set.</summary>
    private const int Ways = 4;

    private readonly Entry[] _entries;
    private readonly int _setMask;
    private readonly long _timeoutNs;
    private readonly ulong _seed;

    /// <summary>Creates a cache of at least <paramref name="capacity"/> entries whose entries live <paramref name="timeoutNs"/>.</summary>
    public FragmentCache(int capacity, long timeoutNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, Ways);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutNs);
        int sets = (int)BitOperations.RoundUpToPowerOf2((uint)((capacity + Ways - 1) / Ways));
        _entries = new Entry[sets * Ways];
        _setMask = sets - 1;
        _timeoutNs = timeoutNs;
        _seed = FlowHash.NewSeed();
    }

    /// <summary>Number of entries the cache holds at most.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Remembers first fragment <paramref name="packet"/> seen at <paramref name="timestampNs"/>, with its ports when <paramref name="hasPorts"/>.</summary>
    public void Remember(in ParsedPacket packet, bool hasPorts, long timestampNs)
    {
        Span<Entry> set = SetOf(packet);
        int victim = 0;
        for (int w = 0; w < Ways; w++)
        {
            ref Entry e = ref set[w];
            if (!e.Used || Matches(e, packet) || Expired(e, timestampNs))
            {
                victim = w;
                break;
            }

            if (e.TimestampNs < set[victim].TimestampNs)
            {
                victim = w;
            }
        }

        ref Entry v = ref set[victim];
        v.SourceHigh = (ulong)(packet.Source >> 64);
        v.SourceLow = (ulong)packet.Source;
        v.DestinationHigh = (ulong)(packet.Destination >> 64);
        v.DestinationLow = (ulong)packet.Destination;
        v.FragmentId = packet.FragmentId;
        v.Protocol = packet.Protocol;
        v.IsIPv6 = packet.IsIPv6;
        v.HasPorts = hasPorts;
        v.SourcePort = hasPorts ? packet.SourcePort : (ushort)0;
        v.DestinationPort = hasPorts ? packet.DestinationPort : (ushort)0;
        v.TimestampNs = timestampNs;
        v.Used = true;
    }

    /// <summary>
    /// Finds the first fragment of the datagram <paramref name="packet"/> belongs to; <paramref name="hasPorts"/>
    /// tells whether it carried ports (then in <paramref name="sourcePort"/> and <paramref name="destinationPort"/>).
    /// </summary>
    public bool TryGet(in ParsedPacket packet, long timestampNs, out bool hasPorts, out ushort sourcePort, out ushort destinationPort)
    {
        Span<Entry> set = SetOf(packet);
        for (int w = 0; w < Ways; w++)
        {
            ref Entry e = ref set[w];
            if (e.Used && Matches(e, packet) && !Expired(e, timestampNs))
            {
                hasPorts = e.HasPorts;
                sourcePort = e.SourcePort;
                destinationPort = e.DestinationPort;
                return true;
            }
        }

        hasPorts = false;
        sourcePort = 0;
        destinationPort = 0;
        return false;
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear() => Array.Clear(_entries);

    private Span<Entry> SetOf(in ParsedPacket packet)
    {
        ulong h = FlowHash.Mix(_seed, (ulong)packet.Source);
        h = FlowHash.Mix(h, (ulong)(packet.Source >> 64));
        h = FlowHash.Mix(h, (ulong)packet.Destination);
        h = FlowHash.Mix(h, (ulong)(packet.Destination >> 64));
        h = FlowHash.Finish(h ^ ((ulong)packet.FragmentId << 8) ^ packet.Protocol);
        int set = (int)h & _setMask;
        return _entries.AsSpan(set * Ways, Ways);
    }

    private static bool Matches(in Entry e, in ParsedPacket p) =>
        e.FragmentId == p.FragmentId && e.Protocol == p.Protocol && e.IsIPv6 == p.IsIPv6 &&
        e.SourceLow == (ulong)p.Source && e.DestinationLow == (ulong)p.Destination &&
        e.SourceHigh == (ulong)(p.Source >> 64) && e.DestinationHigh == (ulong)(p.Destination >> 64);

    // Reordering can put a later fragment slightly before its first one in time: expiry is symmetric.
    private bool Expired(in Entry e, long timestampNs) => Math.Abs(timestampNs - e.TimestampNs) > _timeoutNs;

    /// <summary>One remembered first fragment.</summary>
    [StructLayout(LayoutKind.Auto)]
    private struct Entry
    {
        public ulong SourceHigh;
        public ulong SourceLow;
        public ulong DestinationHigh;
        public ulong DestinationLow;
        public long TimestampNs;
        public uint FragmentId;
        public ushort SourcePort;
        public ushort DestinationPort;
        public byte Protocol;
        public bool IsIPv6;
        public bool HasPorts;
        public bool Used;
    }
}
