using System.Buffers;
using System.Runtime.CompilerServices;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>One scanning thread's partial result: groups so far and the totals of matched rows.</summary>
internal sealed class Aggregator(QueryPlan plan, int capacityBits = 10)
{
    private readonly QueryPlan _plan = plan;
    private ulong _bytesReceived;
    private ulong _bytesSent;
    private ulong _packetsReceived;
    private ulong _packetsSent;

    public GroupMap<PackedKey> Packed { get; } = new(capacityBits);

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

    /// <summary>Adds another thread's partial result.</summary>
    public void MergeFrom(Aggregator other)
    {
        Packed.MergeFrom(other.Packed);
        Wide.MergeFrom(other.Wide);
        _bytesReceived += other._bytesReceived;
        _bytesSent += other._bytesSent;
        _packetsReceived += other._packetsReceived;
        _packetsSent += other._packetsSent;
        RowsScanned += other.RowsScanned;
        RowsMatched += other.RowsMatched;
    }

    private void Section(BlockColumns c, bool v6, int iface, long time)
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
        }
        finally
        {
            if (maskArray is not null)
            {
                ArrayPool<byte>.Shared.Return(maskArray);
            }
        }
    }

    /// <summary>The top-talkers case (<c>sip,dip</c> over IPv4, no condition). Rows are stored sorted by
    /// (sip, dip, dport, proto), so rows of one conversation are adjacent: they are summed locally and reach the
    /// hash map once per run instead of once per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SipDip(BlockColumns c, int n)
    {
        ReadOnlySpan<uint> s = c.Sip4.AsSpan(0, n), d = c.Dip4.AsSpan(0, n);
        ReadOnlySpan<ulong> br = c.BytesRcvd.AsSpan(0, n), bs = c.BytesSnt.AsSpan(0, n), pr = c.PktsRcvd.AsSpan(0, n), ps = c.PktsSnt.AsSpan(0, n);
        GroupMap<PackedKey> map = Packed;
        ulong tbr = 0, tbs = 0, tpr = 0, tps = 0;
        ulong runKey = ((ulong)s[0] << 32) | d[0], ra = 0, rb = 0, rp = 0, rq = 0;
        const int ahead = 12;
        for (int i = 0; i < s.Length; i++)
        {
            ulong key = ((ulong)s[i] << 32) | d[i];
            if (i + ahead < s.Length)
            {
                map.Prefetch(new PackedKey(((ulong)s[i + ahead] << 32) | d[i + ahead]));
            }

            ulong a = br[i], b = bs[i], p = pr[i], q = ps[i];
            if (key != runKey)
            {
                map.Add(new PackedKey(runKey), ra, rb, rp, rq);
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

        map.Add(new PackedKey(runKey), ra, rb, rp, rq);
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
        GroupMap<PackedKey> map = Packed;
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
            map.Add(new PackedKey(key), a, b, p, q);
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

    private void AddTotals(ulong br, ulong bs, ulong pr, ulong ps, long matched)
    {
        _bytesReceived += br;
        _bytesSent += bs;
        _packetsReceived += pr;
        _packetsSent += ps;
        RowsMatched += matched;
    }
}
