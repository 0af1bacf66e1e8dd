using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Weir.Engine.Flows;

/// <summary>
/// An open-addressing hash table from a fixed-size flow key to a <see cref="FlowEntry"/>, with linear probing
/// over a power-of-two array of slots that hold key and entry inline. The slots start on a cache-line boundary
/// (a pinned buffer, offset to 64 bytes), so a 64-byte IPv4 slot is one line to load, not two. Looking up and
/// updating a flow allocate nothing; the only allocation is the doubled slot array when the load would exceed
/// 0.7. Deletion shifts the following cluster back (no tombstones), so probe sequences stay short after re-keying.
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

    /// <summary>Alignment of the first slot: a cache line.</summary>
    private const int SlotAlignment = 64;

    /// <summary>
    /// The memory the slots live in: pinned, so the aligned start found once stays aligned, and of unmanaged
    /// slots only, so viewing its bytes as slots is sound. <see cref="_capacity"/> slots from <see cref="_start"/>.
    /// </summary>
    private CacheLine[] _storage;

    /// <summary>Byte offset of slot 0 in <see cref="_storage"/> (its first cache-line boundary).</summary>
    private int _start;

    /// <summary>Number of slots; a power of two.</summary>
    private int _capacity;

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
        int capacity = CapacityFor(minimumFlows);
        (_storage, _start) = Allocate(capacity);
        _capacity = capacity;
        _mask = capacity - 1;
        _growThreshold = ThresholdFor(capacity);
        _stamp = 1;
    }

    /// <summary>Number of flows in the table.</summary>
    public int Count => _count;

    /// <summary>Number of slots.</summary>
    public int Capacity => _capacity;

    /// <summary>Slot 0, on a cache-line boundary.</summary>
    private ref Slot Slots
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref SlotsIn(_storage, _start);
    }

    /// <summary>Slot <paramref name="index"/>, which must be below <see cref="Capacity"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot SlotAt(int index)
    {
        Debug.Assert((uint)index < (uint)_capacity, "slot index out of range");
        return ref Unsafe.Add(ref Slots, index);
    }

    /// <summary>The slots as a span (for the loops that walk all of them).</summary>
    private Span<Slot> AllSlots => MemoryMarshal.CreateSpan(ref Slots, _capacity);

    /// <summary>Slot 0 of <paramref name="storage"/>, <paramref name="start"/> bytes into it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Slot SlotsIn(CacheLine[] storage, int start) =>
        ref Unsafe.As<byte, Slot>(ref Unsafe.Add(ref Unsafe.As<CacheLine, byte>(ref MemoryMarshal.GetArrayDataReference(storage)), start));

    /// <summary>Pinned, zeroed memory for <paramref name="capacity"/> slots and the byte offset of its first cache-line boundary.</summary>
    private static unsafe (CacheLine[] Storage, int Start) Allocate(int capacity)
    {
        // One line more than the slots need, for the shift to the boundary.
        long lines = ((long)capacity * Unsafe.SizeOf<Slot>() + SlotAlignment - 1) / SlotAlignment + 1;
        var storage = GC.AllocateArray<CacheLine>(checked((int)lines), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        int start = (int)((SlotAlignment - (address & (SlotAlignment - 1))) & (SlotAlignment - 1));
        return (storage, start);
    }

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
    public int Find(in TKey key) => Find(in key, key.Hash(_seed));

    /// <summary>The hash <see cref="Find(in TKey, ulong)"/> and <see cref="Prefetch(ulong)"/> take for <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong HashOf(in TKey key) => key.Hash(_seed);

    /// <summary>As <see cref="Find(in TKey)"/>, with the key's <see cref="HashOf"/> computed already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(in TKey key, ulong hash)
    {
        ref Slot slots = ref Slots;
        int mask = _mask;
        ushort stamp = _stamp;
        int i = (int)hash & mask;
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
    /// Asks the CPU to start loading the home slot of the key whose <see cref="HashOf"/> is <paramref name="hash"/>
    /// (one cache line for an IPv4 slot; the second an IPv6 slot may reach into too), so that a
    /// <see cref="Find(in TKey, ulong)"/> a little later does not wait for memory. A hint: no effect on contents.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong hash)
    {
        if (Sse.IsSupported)
        {
            byte* address = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref Slots, (int)hash & _mask));
            Sse.Prefetch0(address);
            if (Unsafe.SizeOf<Slot>() > SlotAlignment)
            {
                Sse.Prefetch0(address + Unsafe.SizeOf<Slot>() - 1);
            }
        }
    }

    /// <summary>The entry in slot <paramref name="index"/> (an index <see cref="Find(in TKey)"/> or <see cref="Insert"/> returned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref FlowEntry EntryAt(int index) => ref SlotAt(index).Entry;

    /// <summary>The key in slot <paramref name="index"/>.</summary>
    public ref readonly TKey KeyAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_capacity, nameof(index));
        return ref SlotAt(index).Key;
    }

    /// <summary>
    /// Inserts <paramref name="key"/>, which the caller has just failed to <see cref="Find(in TKey)"/>, with a zeroed entry;
    /// returns its slot index. Grows the table first when the load would exceed 0.7.
    /// </summary>
    public int Insert(in TKey key)
    {
        if (_count >= _growThreshold)
        {
            Grow();
        }

        Debug.Assert(Find(key) < 0, "the key must be absent");
        ref Slot slots = ref Slots;
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
        Span<Slot> slots = AllSlots;
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
            AllSlots.Clear();
            _stamp = 1;
        }
    }

    /// <summary>Grows the slot array so that <paramref name="flows"/> fit without further growth.</summary>
    public void EnsureCapacity(int flows)
    {
        int capacity = CapacityFor(flows);
        if (capacity > _capacity)
        {
            Resize(capacity);
        }
    }

    /// <summary>The index of the first occupied slot at or after <paramref name="from"/>, or -1 when there is none.</summary>
    public int NextOccupied(int from)
    {
        Span<Slot> slots = AllSlots;
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
        Span<Slot> slots = AllSlots;
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
        Span<Slot> slots = AllSlots;
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
        Span<Slot> slots = AllSlots;
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
        if (_capacity >= MaximumCapacity)
        {
            ThrowHelper.ThrowTableFull();
        }

        Resize(_capacity * 2);
    }

    /// <summary>Rehashes every flow into a new array of <paramref name="capacity"/> slots.</summary>
    private void Resize(int capacity)
    {
        Span<Slot> old = AllSlots;
        ushort oldStamp = _stamp;
        (CacheLine[] storage, int start) = Allocate(capacity);
        Span<Slot> slots = MemoryMarshal.CreateSpan(ref SlotsIn(storage, start), capacity);
        // A large new array is fresh memory that nothing has touched: the probes below would read it first, which
        // maps the kernel's shared zero page, and the first write to each page then takes a copy-on-write fault
        // that flushes the TLB of every core the process runs on (an interrupt to each: measured as ~7 % of a
        // two-thread `weir flows -r`). Writing it first maps writable pages directly.
        slots.Clear();
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

        _storage = storage;
        _start = start;
        _capacity = capacity;
        _mask = mask;
        _stamp = 1;
        _growThreshold = ThresholdFor(capacity);
    }

    /// <summary>Bytes per slot (64 for IPv4 keys, 88 for IPv6 keys).</summary>
    internal static int SlotSize => Unsafe.SizeOf<Slot>();

    /// <summary>The unit <see cref="_storage"/> is allocated in: 64 bytes of nothing but data.</summary>
    [StructLayout(LayoutKind.Sequential, Size = SlotAlignment)]
    private struct CacheLine
    {
        /// <summary>Gives the struct its 8-byte alignment; never read as such.</summary>
        private long _first;
    }

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
