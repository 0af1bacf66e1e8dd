using System.Runtime.CompilerServices;

namespace Weir.Engine.Query;

/// <summary>
/// The conversations of one hash partition as a scanning thread met them: appended in order, in chunks, never
/// looked up. Aggregated later, one partition at a time, into a table small enough to stay in the cache (radix
/// partitioning): the scan then writes sequentially instead of missing the cache on a table of millions of groups.
/// </summary>
internal sealed class RunBuffer
{
    private const int ChunkSize = 1024;
    private readonly List<Entry[]> _full = [];
    private Entry[] _current = [];
    private int _used;

    /// <summary>Entries appended.</summary>
    public long Count => ((long)_full.Count * ChunkSize) + _used;

    /// <summary>Appends one conversation's counters (each below 2^32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ulong key, uint bytesReceived, uint bytesSent, uint packetsReceived, uint packetsSent)
    {
        if (_used == _current.Length)
        {
            NewChunk();
        }

        ref Entry e = ref _current[_used++];
        e.Key = key;
        e.BytesReceived = bytesReceived;
        e.BytesSent = bytesSent;
        e.PacketsReceived = packetsReceived;
        e.PacketsSent = packetsSent;
    }

    /// <summary>Adds every entry into <paramref name="map"/> and empties the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DrainInto(GroupMap<PackedKey> map)
    {
        foreach (Entry[] chunk in _full)
        {
            Add(map, chunk.AsSpan());
        }

        Add(map, _current.AsSpan(0, _used));
        _full.Clear();
        _current = [];
        _used = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(GroupMap<PackedKey> map, ReadOnlySpan<Entry> entries)
    {
        const int ahead = 8;
        for (int i = 0; i < entries.Length; i++)
        {
            if (i + ahead < entries.Length)
            {
                map.Prefetch(new PackedKey(entries[i + ahead].Key));
            }

            ref readonly Entry e = ref entries[i];
            map.Add(new PackedKey(e.Key), e.BytesReceived, e.BytesSent, e.PacketsReceived, e.PacketsSent);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NewChunk()
    {
        if (_current.Length > 0)
        {
            _full.Add(_current);
        }

        _current = GC.AllocateUninitializedArray<Entry>(ChunkSize);
        _used = 0;
    }

    /// <summary>24 bytes instead of 40: the buffers are written and read once each, so their size is the cost.
    /// Counters that do not fit 32 bits bypass the buffer (see <see cref="Aggregator"/>).</summary>
    private struct Entry
    {
        public ulong Key;
        public uint BytesReceived;
        public uint BytesSent;
        public uint PacketsReceived;
        public uint PacketsSent;
    }
}
