using System.Runtime.CompilerServices;

namespace Weir.Engine.Storage;

/// <summary>
/// The per-(sip, dip) sums a roll-up is built from: an open-addressing table of indices into parallel row arrays
/// (structure of arrays, so that sorting and chunking afterwards copy only what they touch). IPv4 and IPv6 pairs
/// share the table; an IPv4 address is stored in the low 32 bits with the family flag telling them apart.
/// </summary>
internal sealed class RollupTable
{
    private int[] _slots;
    private int _mask;

    public RollupTable(int capacityBits = 16)
    {
        _slots = new int[1 << capacityBits];
        Array.Fill(_slots, -1);
        _mask = _slots.Length - 1;
        Sip = new UInt128[_slots.Length / 2];
        Dip = new UInt128[Sip.Length];
        V6 = new bool[Sip.Length];
        BytesReceived = new ulong[Sip.Length];
        BytesSent = new ulong[Sip.Length];
        PacketsReceived = new ulong[Sip.Length];
        PacketsSent = new ulong[Sip.Length];
        Flows = new uint[Sip.Length];
    }

    public int Count { get; private set; }

    public UInt128[] Sip { get; private set; }

    public UInt128[] Dip { get; private set; }

    public bool[] V6 { get; private set; }

    public ulong[] BytesReceived { get; private set; }

    public ulong[] BytesSent { get; private set; }

    public ulong[] PacketsReceived { get; private set; }

    public ulong[] PacketsSent { get; private set; }

    public uint[] Flows { get; private set; }

    /// <summary>The hash a roll-up's Bloom filters and the table share.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(UInt128 sip, UInt128 dip, bool v6)
    {
        ulong h = ((ulong)sip * 0x9E3779B97F4A7C15UL) ^ ((ulong)(sip >> 64) * 0xC2B2AE3D27D4EB4FUL);
        h = (h ^ ((ulong)dip * 0x165667B19E3779F9UL) ^ ((ulong)(dip >> 64) * 0x27D4EB2F165667C5UL) ^ (v6 ? 0xFF51AFD7ED558CCDUL : 0)) * 0x9E3779B97F4A7C15UL;
        return h ^ (h >> 31);
    }

    /// <summary>Adds one pair's counters (and the number of flows they sum).</summary>
    public void Add(UInt128 sip, UInt128 dip, bool v6, ulong br, ulong bs, ulong pr, ulong ps, uint flows)
    {
        int slot = (int)(Hash(sip, dip, v6) >> 33) & _mask;
        while (true)
        {
            int i = _slots[slot];
            if (i < 0)
            {
                break;
            }

            if (Sip[i] == sip && Dip[i] == dip && V6[i] == v6)
            {
                BytesReceived[i] += br;
                BytesSent[i] += bs;
                PacketsReceived[i] += pr;
                PacketsSent[i] += ps;
                Flows[i] += flows;
                return;
            }

            slot = (slot + 1) & _mask;
        }

        int row = Count++;
        if (row == Sip.Length)
        {
            GrowRows();
        }

        Sip[row] = sip;
        Dip[row] = dip;
        V6[row] = v6;
        BytesReceived[row] = br;
        BytesSent[row] = bs;
        PacketsReceived[row] = pr;
        PacketsSent[row] = ps;
        Flows[row] = flows;
        _slots[slot] = row;
        if (Count * 2 > _slots.Length)
        {
            Rehash();
        }
    }

    private void GrowRows()
    {
        int n = Sip.Length * 2;
        Sip = Resize(Sip, n);
        Dip = Resize(Dip, n);
        V6 = Resize(V6, n);
        BytesReceived = Resize(BytesReceived, n);
        BytesSent = Resize(BytesSent, n);
        PacketsReceived = Resize(PacketsReceived, n);
        PacketsSent = Resize(PacketsSent, n);
        Flows = Resize(Flows, n);
    }

    private static T[] Resize<T>(T[] a, int n)
    {
        Array.Resize(ref a, n);
        return a;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        Array.Fill(_slots, -1);
        _mask = _slots.Length - 1;
        for (int i = 0; i < Count; i++)
        {
            int slot = (int)(Hash(Sip[i], Dip[i], V6[i]) >> 33) & _mask;
            while (_slots[slot] >= 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i;
        }
    }
}
