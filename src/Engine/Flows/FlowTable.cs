using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Weir.Engine.Flows;

/// <summary>
/// An open-addressing hash table from a fixed-size flow key to a <see cref="FlowEntry"/>, with linear probing
/// over a power-of-two array of slots that hold key and entry inline. Looking up and updating a flow allocate
/// nothing; the only allocation is the doubled slot array when the load would exceed 0.7. Deletion shifts the
/// following cluster back (no tombstones), so probe sequences stay short after re-keying.
/// <see cref="Clear"/> is O(1): a slot is occupied only when its stamp equals the table's current stamp, and
/// clearing advances the stamp.
/// </summary>
/// <typeparam name="TKey">The key type (IPv4 or IPv6); a value type so the JIT specialises the table for it.</typeparam>
internal sealed class FlowTable<TKey>
    where TKey : unmanaged, IFlowTableKey<TKey>
{
    /// <summary>The smallest slot array the table uses.</summary>
    public const int MinimumCapacity = 16;

    /// <summary>The largest slot array: a power of two that .NET arrays can hold.</summary>
    public const int MaximumCapacity = 1 << 30;

    /// <summary>The slots; length is a power of two.</summary>
    private Slot[] _slots;

    /// <summary>Slot count minus one: masks a hash to a slot index.</summary>
    private int _mask;

    /// <summary>Number of occupied slots.</summary>
    private int _count;

    /// <summary>Count at which the next insertion grows the table (70 % of the slots).</summary>
    private int _growThreshold;

    /// <summary>The stamp marking occupied slots in this generation; never 0 (0 marks a slot freed by deletion or never used).</summary>
    private ushort _stamp;

    /// <summary>This table's hash seed.</summary>
    private readonly ulong _seed;

    /// <summary>Creates a table that holds <paramref name="minimumFlows"/> flows without growing.</summary>
    public FlowTable(int minimumFlows)
    {
        _seed = FlowHash.NewSeed();
        _slots = new Slot[CapacityFor(minimumFlows)];
        _mask = _slots.Length - 1;
        _growThreshold = ThresholdFor(_slots.Length);
        _stamp = 1;
    }

    /// <summary>Number of flows in the table.</summary>
    public int Count => _count;

    /// <summary>Number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>The smallest power-of-two slot count that holds <paramref name="flows"/> at a load of at most 0.7.</summary>
    public static int CapacityFor(int flows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flows);
        long needed = Math.Max(MinimumCapacity, ((long)flows * 10 + 6) / 7);
        if (needed > MaximumCapacity)
        {
            ThrowHelper.ThrowTableFull();
        }

        return (int)BitOperations.RoundUpToPowerOf2((uint)needed);
    }

    /// <summary>The number of flows a table of <paramref name="capacity"/> slots holds before it grows.</summary>
    public static int ThresholdFor(int capacity) => (int)((long)capacity * 7 / 10);

    /// <summary>Returns the slot index of <paramref name="key"/>, or -1 when the table does not hold it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(in TKey key)
    {
        ref Slot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        int mask = _mask;
        ushort stamp = _stamp;
        int i = (int)key.Hash(_seed) & mask;
        while (true)
        {
            // i is masked, so it is always inside the array: no bounds check needed.
            ref Slot slot = ref Unsafe.Add(ref slots, i);
            if (slot.Stamp != stamp)
            {
                return -1;
            }

            if (slot.Key.Equals(key))
            {
                return i;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Asks the CPU to start loading the home slot of <paramref name="key"/> (both cache lines a 64-byte slot may
    /// straddle), so that a <see cref="Find"/> a little later does not wait for memory. A hint: no effect on contents.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(in TKey key)
    {
        if (Sse.IsSupported)
        {
            ref Slot slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (int)key.Hash(_seed) & _mask);
            byte* address = (byte*)Unsafe.AsPointer(ref slot);
            Sse.Prefetch0(address);
            Sse.Prefetch0(address + Unsafe.SizeOf<Slot>() - 1);
        }
    }

    /// <summary>The entry in slot <paramref name="index"/> (an index <see cref="Find"/> or <see cref="Insert"/> returned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref FlowEntry EntryAt(int index) => ref _slots[index].Entry;

    /// <summary>The key in slot <paramref name="index"/>.</summary>
    public ref readonly TKey KeyAt(int index) => ref _slots[index].Key;

    /// <summary>
    /// Inserts <paramref name="key"/>, which the caller has just failed to <see cref="Find"/>, with a zeroed entry;
    /// returns its slot index. Grows the table first when the load would exceed 0.7.
    /// </summary>
    public int Insert(in TKey key)
    {
        if (_count >= _growThreshold)
        {
            Grow();
        }

        Debug.Assert(Find(key) < 0, "the key must be absent");
        ref Slot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        int mask = _mask;
        ushort stamp = _stamp;
        int i = (int)key.Hash(_seed) & mask;
        while (Unsafe.Add(ref slots, i).Stamp == stamp)
        {
            i = (i + 1) & mask;
        }

        ref Slot slot = ref Unsafe.Add(ref slots, i);
        slot.Key = key;
        slot.Stamp = stamp;
        slot.Entry = default;
        _count++;
        return i;
    }

    /// <summary>
    /// Removes the flow in slot <paramref name="index"/>, moving later members of its probe cluster back so
    /// that every remaining key stays reachable from its home slot. Invalidates other slot indexes.
    /// </summary>
    public void RemoveAt(int index)
    {
        Slot[] slots = _slots;
        ushort stamp = _stamp;
        int mask = _mask;
        Debug.Assert(slots[index].Stamp == stamp, "the slot must be occupied");
        int hole = index;
        int j = index;
        while (true)
        {
            j = (j + 1) & mask;
            ref Slot slot = ref slots[j];
            if (slot.Stamp != stamp)
            {
                break;
            }

            int home = (int)slot.Key.Hash(_seed) & mask;

            // The key at j may move to the hole only if its home is not cyclically inside (hole, j]:
            // otherwise the hole lies before its home and a probe from home would never pass the hole.
            bool staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!staysPut)
            {
                slots[hole] = slot;
                hole = j;
            }
        }

        slots[hole].Stamp = 0;
        _count--;
    }

    /// <summary>Empties the table in O(1), keeping its slot array for reuse.</summary>
    public void Clear()
    {
        _count = 0;
        _stamp++;
        if (_stamp == 0)
        {
            // After 65 535 clears the stamps wrap: old slots could look occupied again, so really clear once
            // (a 16-bit stamp keeps an IPv4 slot at 64 bytes; at one rotation a minute this happens every 45 days).
            Array.Clear(_slots);
            _stamp = 1;
        }
    }

    /// <summary>Grows the slot array so that <paramref name="flows"/> fit without further growth.</summary>
    public void EnsureCapacity(int flows)
    {
        int capacity = CapacityFor(flows);
        if (capacity > _slots.Length)
        {
            Resize(capacity);
        }
    }

    /// <summary>The index of the first occupied slot at or after <paramref name="from"/>, or -1 when there is none.</summary>
    public int NextOccupied(int from)
    {
        Slot[] slots = _slots;
        ushort stamp = _stamp;
        for (int i = from; i < slots.Length; i++)
        {
            if (slots[i].Stamp == stamp)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Copies every flow into <paramref name="destination"/> as public records; returns the number written.</summary>
    public int CopyTo(Span<FlowRecord> destination)
    {
        Slot[] slots = _slots;
        ushort stamp = _stamp;
        int n = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            ref Slot slot = ref slots[i];
            if (slot.Stamp != stamp)
            {
                continue;
            }

            ToRecord(ref slot, ref destination[n++]);
        }

        Debug.Assert(n == _count, "the count must match the occupied slots");
        return n;
    }

    /// <summary>Hands every flow to <paramref name="visitor"/> as a public record, in slot order.</summary>
    public void Visit<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IFlowRecordVisitor
    {
        Slot[] slots = _slots;
        ushort stamp = _stamp;
        FlowRecord r = default;
        for (int i = 0; i < slots.Length; i++)
        {
            ref Slot slot = ref slots[i];
            if (slot.Stamp != stamp)
            {
                continue;
            }

            ToRecord(ref slot, ref r);
            visitor.Visit(in r);
        }
    }

    /// <summary>The flow in <paramref name="slot"/> as a public record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToRecord(ref Slot slot, ref FlowRecord r)
    {
        r.Key = slot.Key.ToFlowKey();
        r.Counters = slot.Entry.Counters;
        r.FirstSeenNs = slot.Entry.FirstSeenNs;
        r.LastSeenNs = slot.Entry.LastSeenNs;
        r.TcpFlags = slot.Entry.TcpFlags;
        r.DirectionConfident = slot.Entry.DirectionConfident;
    }

    /// <summary>
    /// Writes to every page of the slot array, so that a table made ahead of time on another thread does not
    /// take its page faults later, on the capture thread. The slots stay empty (their stamp is rewritten as it is).
    /// </summary>
    public void Touch()
    {
        Slot[] slots = _slots;
        int step = Math.Max(1, 4096 / Unsafe.SizeOf<Slot>());
        for (int i = 0; i < slots.Length; i += step)
        {
            Volatile.Write(ref slots[i].Stamp, slots[i].Stamp);
        }
    }

    /// <summary>Doubles the slot array (the only allocation the table makes after construction).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        if (_slots.Length >= MaximumCapacity)
        {
            ThrowHelper.ThrowTableFull();
        }

        Resize(_slots.Length * 2);
    }

    /// <summary>Rehashes every flow into a new array of <paramref name="capacity"/> slots.</summary>
    private void Resize(int capacity)
    {
        Slot[] old = _slots;
        ushort oldStamp = _stamp;
        var slots = new Slot[capacity];
        // A large new array is fresh memory that nothing has touched: the probes below would read it first, which
        // maps the kernel's shared zero page, and the first write to each page then takes a copy-on-write fault
        // that flushes the TLB of every core the process runs on (an interrupt to each: measured as ~7 % of a
        // two-thread `weir flows -r`). Writing it first maps writable pages directly.
        slots.AsSpan().Clear();
        int mask = capacity - 1;
        for (int k = 0; k < old.Length; k++)
        {
            ref Slot from = ref old[k];
            if (from.Stamp != oldStamp)
            {
                continue;
            }

            int i = (int)from.Key.Hash(_seed) & mask;
            while (slots[i].Stamp != 0)
            {
                i = (i + 1) & mask;
            }

            slots[i] = from;
            slots[i].Stamp = 1;
        }

        _slots = slots;
        _mask = mask;
        _stamp = 1;
        _growThreshold = ThresholdFor(capacity);
    }

    /// <summary>Bytes per slot (64 for IPv4 keys, 88 for IPv6 keys).</summary>
    internal static int SlotSize => Unsafe.SizeOf<Slot>();

    /// <summary>One slot: the key and its stamp first (what a probe reads), then the entry; packed to 2 (see <see cref="FlowEntry"/>).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private struct Slot
    {
        /// <summary>The flow key, valid when <see cref="Stamp"/> is the table's current stamp.</summary>
        public TKey Key;

        /// <summary>Occupancy stamp (see <see cref="FlowTable{TKey}"/>).</summary>
        public ushort Stamp;

        /// <summary>The flow's counters and state.</summary>
        public FlowEntry Entry;
    }
}
