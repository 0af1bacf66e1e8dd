using System.Buffers;
using System.Runtime.CompilerServices;
using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>
/// One scanning thread's partial result: groups so far and the totals of matched rows. Packed keys are split by
/// their leading hash bits into <see cref="Partitions"/> maps, so that the threads' partials are merged, and the
/// top groups taken, one partition at a time in parallel, each partition a table a fraction of the whole.
/// </summary>
internal sealed class Aggregator
{
    /// <summary>Leading hash bits that choose a packed key's partition.</summary>
    public const int PartitionBits = 10;

    /// <summary>Number of packed-key partitions.</summary>
    public const int Partitions = 1 << PartitionBits;

    private readonly QueryPlan _plan;
    private ulong _bytesReceived;
    private ulong _bytesSent;
    private ulong _packetsReceived;
    private ulong _packetsSent;

    public Aggregator(QueryPlan plan, int capacityBits = 4)
    {
        _plan = plan;
        Packed = new GroupMap<PackedKey>[Partitions];
        Runs = new RunBuffer[Partitions];
        for (int p = 0; p < Packed.Length; p++)
        {
            Packed[p] = new GroupMap<PackedKey>(capacityBits, PartitionBits);
            Runs[p] = new RunBuffer();
        }
    }

    /// <summary>Conversations of the <c>sip,dip</c> scan not yet in <see cref="Packed"/>, one buffer per partition.</summary>
    public RunBuffer[] Runs { get; }

    /// <summary>The packed-key groups, one map per partition (<see cref="PartitionOf"/>).</summary>
    public GroupMap<PackedKey>[] Packed { get; }

    public GroupMap<GroupKey> Wide { get; } = new();

    public long RowsScanned { get; private set; }

    public long RowsMatched { get; private set; }

    public ulong BytesReceived => _bytesReceived;

    public ulong BytesSent => _bytesSent;

    public ulong PacketsReceived => _packetsReceived;

    public ulong PacketsSent => _packetsSent;

    /// <summary>Aggregates the rows of the chosen families of one block.</summary>
    public void Process(BlockColumns c, int iface, long time, bool v4, bool v6)
    {
        if (v4)
        {
            Section(c, false, iface, time);
        }

        if (v6)
        {
            Section(c, true, iface, time);
        }
    }

    /// <summary>Aggregates the pairs of one roll-up chunk (block columns without port or protocol); the flow
    /// statistics count the flows each pair sums, as a scan of the blocks would.</summary>
    public void ProcessRollup(BlockColumns c, ReadOnlySpan<uint> flows, int iface, bool v4, bool v6)
    {
        if (v4)
        {
            Section(c, false, iface, 0, flows[..c.Rows4]);
        }

        if (v6)
        {
            Section(c, true, iface, 0, flows[c.Rows4..]);
        }
    }

    /// <summary>Adds flows counted outside <see cref="Process"/> (a top-N merge over roll-ups).</summary>
    public void AddFlows(long scanned, long matched)
    {
        RowsScanned += scanned;
        RowsMatched += matched;
    }

    /// <summary>Adds counter totals computed outside <see cref="Process"/> (roll-up headers).</summary>
    public void AddTotals(FlowCounters totals) => AddTotals(totals.BytesReceived, totals.BytesSent, totals.PacketsReceived, totals.PacketsSent, 0);

    /// <summary>The partition of a packed key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PartitionOf(PackedKey key) => (int)(PackedKey.Hash(key) >> (64 - PartitionBits));

    /// <summary>Adds another thread's wide groups and totals; its packed partitions are merged by the caller.</summary>
    public void MergeWideAndTotals(Aggregator other)
    {
        Wide.MergeFrom(other.Wide);
        _bytesReceived += other._bytesReceived;
        _bytesSent += other._bytesSent;
        _packetsReceived += other._packetsReceived;
        _packetsSent += other._packetsSent;
        RowsScanned += other.RowsScanned;
        RowsMatched += other.RowsMatched;
    }

    private void Section(BlockColumns c, bool v6, int iface, long time, ReadOnlySpan<uint> flows = default)
    {
        int n = v6 ? c.Rows6 : c.Rows4;
        if (n == 0)
        {
            return;
        }

        int off = v6 ? c.Rows4 : 0;
        RowsScanned += n;
        byte[]? maskArray = null;
        try
        {
            if (_plan.Filter is { } filter)
            {
                maskArray = ArrayPool<byte>.Shared.Rent(n);
                filter.Evaluate(c, v6, maskArray.AsSpan(0, n));
            }

            ReadOnlySpan<byte> mask = maskArray is null ? default : maskArray.AsSpan(0, n);
            if (_plan.PackedFor(v6))
            {
                if (!v6 && maskArray is null && _plan.UseSip && _plan.UseDip)
                {
                    SipDip(c, n);
                }
                else
                {
                    PackedRows(c, v6, off, n, mask);
                }
            }
            else
            {
                WideRows(c, v6, off, n, mask, iface, time);
            }

            if (!flows.IsEmpty)
            {
                CountPairFlows(flows, mask);
            }
        }
        finally
        {
            if (maskArray is not null)
            {
                ArrayPool<byte>.Shared.Return(maskArray);
            }
        }
    }

    /// <summary>Replaces the pair counts of a roll-up section in the statistics by the flows the matched pairs sum;
    /// the flows scanned are counted by the caller from the covered blocks' metadata, as the scan would count them.</summary>
    private void CountPairFlows(ReadOnlySpan<uint> flows, ReadOnlySpan<byte> mask)
    {
        long matched = 0, pairs = 0;
        for (int i = 0; i < flows.Length; i++)
        {
            if (mask.IsEmpty || mask[i] != 0)
            {
                matched += flows[i];
                pairs++;
            }
        }

        RowsScanned -= flows.Length;
        RowsMatched += matched - pairs;
    }

    /// <summary>The top-talkers case (<c>sip,dip</c> over IPv4, no condition). Rows are stored sorted by
    /// (sip, dip, dport, proto), so rows of one conversation are adjacent: they are summed locally and reach the
    /// partition buffers once per run instead of once per row, to be aggregated partition by partition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SipDip(BlockColumns c, int n)
    {
        ReadOnlySpan<uint> s = c.Sip4.AsSpan(0, n), d = c.Dip4.AsSpan(0, n);
        ReadOnlySpan<ulong> br = c.BytesRcvd.AsSpan(0, n), bs = c.BytesSnt.AsSpan(0, n), pr = c.PktsRcvd.AsSpan(0, n), ps = c.PktsSnt.AsSpan(0, n);
        RunBuffer[] runs = Runs;
        ulong tbr = 0, tbs = 0, tpr = 0, tps = 0;
        ulong runKey = ((ulong)s[0] << 32) | d[0], ra = 0, rb = 0, rp = 0, rq = 0;
        for (int i = 0; i < s.Length; i++)
        {
            ulong key = ((ulong)s[i] << 32) | d[i];
            ulong a = br[i], b = bs[i], p = pr[i], q = ps[i];
            if (key != runKey)
            {
                Emit(runs, runKey, ra, rb, rp, rq);
                runKey = key;
                ra = rb = rp = rq = 0;
            }

            ra += a;
            rb += b;
            rp += p;
            rq += q;
            tbr += a;
            tbs += b;
            tpr += p;
            tps += q;
        }

        Emit(runs, runKey, ra, rb, rp, rq);
        AddTotals(tbr, tbs, tpr, tps, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackedRows(BlockColumns c, bool v6, int off, int n, ReadOnlySpan<byte> mask)
    {
        bool useS = _plan.UseSip && !v6, useD = _plan.UseDip && !v6, useP = _plan.UsePort, useR = _plan.UseProto, masked = !mask.IsEmpty;
        int shS = _plan.ShiftSip, shD = _plan.ShiftDip, shP = _plan.ShiftPort;
        uint[] s = c.Sip4, d = c.Dip4;
        ushort[] port = c.Port;
        byte[] proto = c.Proto;
        ReadOnlySpan<ulong> br = c.BytesRcvd.AsSpan(off, n), bs = c.BytesSnt.AsSpan(off, n), pr = c.PktsRcvd.AsSpan(off, n), ps = c.PktsSnt.AsSpan(off, n);
        GroupMap<PackedKey>[] maps = Packed;
        ulong tbr = 0, tbs = 0, tpr = 0, tps = 0;
        long matched = 0;
        for (int i = 0; i < n; i++)
        {
            if (masked && mask[i] == 0)
            {
                continue;
            }

            ulong key = (useS ? (ulong)s[i] << shS : 0) | (useD ? (ulong)d[i] << shD : 0) |
                (useP ? (ulong)port[off + i] << shP : 0) | (useR ? proto[off + i] : 0UL);
            ulong a = br[i], b = bs[i], p = pr[i], q = ps[i];
            Add(maps, new PackedKey(key), a, b, p, q);
            tbr += a;
            tbs += b;
            tpr += p;
            tps += q;
            matched++;
        }

        AddTotals(tbr, tbs, tpr, tps, matched);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WideRows(BlockColumns c, bool v6, int off, int n, ReadOnlySpan<byte> mask, int iface, long time)
    {
        bool useS = _plan.UseSip, useD = _plan.UseDip, useP = _plan.UsePort, useR = _plan.UseProto, masked = !mask.IsEmpty;
        byte flags = v6 && _plan.HasAddress ? GroupKey.IPv6Flag : (byte)0;
        int ifaceKey = _plan.UseIface ? iface : 0;
        ReadOnlySpan<ulong> br = c.BytesRcvd.AsSpan(off, n), bs = c.BytesSnt.AsSpan(off, n), pr = c.PktsRcvd.AsSpan(off, n), ps = c.PktsSnt.AsSpan(off, n);
        GroupMap<GroupKey> map = Wide;
        ulong tbr = 0, tbs = 0, tpr = 0, tps = 0;
        long matched = 0;
        for (int i = 0; i < n; i++)
        {
            if (masked && mask[i] == 0)
            {
                continue;
            }

            UInt128 sip = !useS ? UInt128.Zero : v6 ? c.Sip6[i] : c.Sip4[i];
            UInt128 dip = !useD ? UInt128.Zero : v6 ? c.Dip6[i] : c.Dip4[i];
            var key = new GroupKey(sip, dip, useP ? c.Port[off + i] : (ushort)0, useR ? c.Proto[off + i] : (byte)0, flags, ifaceKey, time);
            ulong a = br[i], b = bs[i], p = pr[i], q = ps[i];
            map.Add(key, a, b, p, q);
            tbr += a;
            tbs += b;
            tpr += p;
            tps += q;
            matched++;
        }

        AddTotals(tbr, tbs, tpr, tps, matched);
    }

    /// <summary>Buffers a run for its partition; a run with a counter of 2^32 or more (rare) goes to the partition's
    /// map at once, which is merged with the buffers later, so the sums stay exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(RunBuffer[] runs, ulong key, ulong a, ulong b, ulong p, ulong q)
    {
        int part = PartitionOf(new PackedKey(key));
        if (((a | b | p | q) >> 32) == 0)
        {
            runs[part].Append(key, (uint)a, (uint)b, (uint)p, (uint)q);
        }
        else
        {
            Packed[part].Add(new PackedKey(key), a, b, p, q);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(GroupMap<PackedKey>[] maps, PackedKey key, ulong a, ulong b, ulong p, ulong q) =>
        maps[PartitionOf(key)].Add(key, a, b, p, q);

    private void AddTotals(ulong br, ulong bs, ulong pr, ulong ps, long matched)
    {
        _bytesReceived += br;
        _bytesSent += bs;
        _packetsReceived += pr;
        _packetsSent += ps;
        RowsMatched += matched;
    }
}
