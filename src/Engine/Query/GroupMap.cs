using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Weir.Engine.Query;

/// <summary>
/// Open-addressing (linear probing) hash map from a grouping key to four counters, stored inline in one slot
/// array so that an update costs one cache line. No allocation per row; the table doubles at 70 % load.
/// </summary>
internal sealed class GroupMap<TKey>
    where TKey : struct, IGroupKey<TKey>
{
    private Slot[] _slots;
    private readonly int _skip;
    private int _shift;
    private int _count;
    private int _growAt;
    private bool _hasEmptyKey;
    private Slot _emptyKeySlot;

    /// <param name="capacityBits">Initial table size as a power of two.</param>
    /// <param name="skipBits">Leading hash bits that are the same for every key of this map (they chose its
    /// partition, see <see cref="Aggregator"/>); the slot index is taken from the bits after them.</param>
    public GroupMap(int capacityBits = 10, int skipBits = 0)
    {
        _skip = skipBits;
        _slots = NewTable(capacityBits);
        _shift = 64 - capacityBits;
        _growAt = (int)(_slots.Length * 0.7);
    }

    /// <summary>Number of groups.</summary>
    public int Count => _count + (_hasEmptyKey ? 1 : 0);

    /// <summary>Adds a row's counters to its group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(TKey key, ulong bytesReceived, ulong bytesSent, ulong packetsReceived, ulong packetsSent)
    {
        ref Slot s = ref Find(key);
        s.BytesReceived += bytesReceived;
        s.BytesSent += bytesSent;
        s.PacketsReceived += packetsReceived;
        s.PacketsSent += packetsSent;
    }

    /// <summary>Hints the CPU to fetch the slot <paramref name="key"/> hashes to. Called a few rows ahead in the scan
    /// loops, so that the cache misses of a table of millions of groups overlap instead of stalling one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(TKey key)
    {
        if (Sse.IsSupported)
        {
            int i = Index(key);
            // A hint only: an address that went stale because the table grew is harmless.
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), i)));
        }
    }

    /// <summary>Adds every group of <paramref name="other"/> into this map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MergeFrom(GroupMap<TKey> other)
    {
        Slot[] from = other._slots;
        for (int j = 0; j < from.Length; j++)
        {
            if (j + 16 < from.Length && !from[j + 16].Key.Equals(TKey.Empty))
            {
                Prefetch(from[j + 16].Key);
            }

            ref Slot s = ref from[j];
            if (!s.Key.Equals(TKey.Empty))
            {
                Add(s.Key, s.BytesReceived, s.BytesSent, s.PacketsReceived, s.PacketsSent);
            }
        }

        if (other._hasEmptyKey)
        {
            Slot e = other._emptyKeySlot;
            Add(e.Key, e.BytesReceived, e.BytesSent, e.PacketsReceived, e.PacketsSent);
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every group.</summary>
    public void ForEach<TVisitor>(ref TVisitor visit)
        where TVisitor : struct, IVisitor
    {
        foreach (Slot s in _slots)
        {
            if (!s.Key.Equals(TKey.Empty))
            {
                visit.Visit(s.Key, s.BytesReceived, s.BytesSent, s.PacketsReceived, s.PacketsSent);
            }
        }

        if (_hasEmptyKey)
        {
            Slot e = _emptyKeySlot;
            visit.Visit(e.Key, e.BytesReceived, e.BytesSent, e.PacketsReceived, e.PacketsSent);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(TKey key) => (int)((TKey.Hash(key) << _skip) >> _shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Find(TKey key)
    {
        if (key.Equals(TKey.Empty))
        {
            // The marker key would "match" every free slot; it lives beside the table.
            return ref EmptyKeySlot(key);
        }

        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int i = Index(key);
        while (true)
        {
            ref Slot s = ref slots[i];
            if (s.Key.Equals(key))
            {
                return ref s;
            }

            if (s.Key.Equals(TKey.Empty))
            {
                return ref Insert(key, i);
            }

            i = (i + 1) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref Slot EmptyKeySlot(TKey key)
    {
        if (!_hasEmptyKey)
        {
            _hasEmptyKey = true;
            _emptyKeySlot = new Slot { Key = key };
        }

        return ref _emptyKeySlot;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref Slot Insert(TKey key, int index)
    {
        if (_count >= _growAt)
        {
            Grow();
            return ref Find(key);
        }

        _count++;
        ref Slot s = ref _slots[index];
        s.Key = key;
        return ref s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        Slot[] old = _slots;
        int bits = 64 - _shift + 1;
        _slots = NewTable(bits);
        _shift = 64 - bits;
        _growAt = (int)(_slots.Length * 0.7);
        int mask = _slots.Length - 1;
        foreach (Slot s in old)
        {
            if (s.Key.Equals(TKey.Empty))
            {
                continue;
            }

            int i = Index(s.Key);
            while (!_slots[i].Key.Equals(TKey.Empty))
            {
                i = (i + 1) & mask;
            }

            _slots[i] = s;
        }
    }

    private static Slot[] NewTable(int bits)
    {
        var slots = GC.AllocateUninitializedArray<Slot>(1 << bits);
        slots.AsSpan().Fill(new Slot { Key = TKey.Empty });
        return slots;
    }

    /// <summary>Receives the groups of <see cref="ForEach{TVisitor}"/>.</summary>
    public interface IVisitor
    {
        /// <summary>One group.</summary>
        void Visit(TKey key, ulong bytesReceived, ulong bytesSent, ulong packetsReceived, ulong packetsSent);
    }

    private struct Slot
    {
        public TKey Key;
        public ulong BytesReceived;
        public ulong BytesSent;
        public ulong PacketsReceived;
        public ulong PacketsSent;
    }
}
