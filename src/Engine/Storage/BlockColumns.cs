using System.Buffers;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// The decoded columns of one block, in pooled arrays: IPv4 rows first (indices 0 .. Rows4-1), then IPv6 rows.
/// Columns that were not asked for are empty. Dispose returns the arrays to the pool; the spans are invalid after.
/// </summary>
public sealed class BlockColumns : IDisposable
{
    internal uint[] Sip4 = [];
    internal uint[] Dip4 = [];
    internal UInt128[] Sip6 = [];
    internal UInt128[] Dip6 = [];
    internal ushort[] Port = [];
    internal byte[] Proto = [];
    internal ulong[] BytesRcvd = [];
    internal ulong[] BytesSnt = [];
    internal ulong[] PktsRcvd = [];
    internal ulong[] PktsSnt = [];

    internal BlockColumns(int rows4, int rows6, FlowColumns columns)
    {
        Rows4 = rows4;
        Rows6 = rows6;
        Columns = columns;
        int n = rows4 + rows6;
        if ((columns & FlowColumns.Sip) != 0)
        {
            Sip4 = Rent<uint>(rows4);
            Sip6 = Rent<UInt128>(rows6);
        }

        if ((columns & FlowColumns.Dip) != 0)
        {
            Dip4 = Rent<uint>(rows4);
            Dip6 = Rent<UInt128>(rows6);
        }

        if ((columns & FlowColumns.Dport) != 0)
        {
            Port = Rent<ushort>(n);
        }

        if ((columns & FlowColumns.Proto) != 0)
        {
            Proto = Rent<byte>(n);
        }

        if ((columns & FlowColumns.BytesReceived) != 0)
        {
            BytesRcvd = Rent<ulong>(n);
        }

        if ((columns & FlowColumns.BytesSent) != 0)
        {
            BytesSnt = Rent<ulong>(n);
        }

        if ((columns & FlowColumns.PacketsReceived) != 0)
        {
            PktsRcvd = Rent<ulong>(n);
        }

        if ((columns & FlowColumns.PacketsSent) != 0)
        {
            PktsSnt = Rent<ulong>(n);
        }
    }

    /// <summary>IPv4 rows.</summary>
    public int Rows4 { get; }

    /// <summary>IPv6 rows.</summary>
    public int Rows6 { get; }

    /// <summary>All rows.</summary>
    public int Count => Rows4 + Rows6;

    /// <summary>The columns that were decoded.</summary>
    public FlowColumns Columns { get; }

    /// <summary>Source addresses of the IPv4 rows.</summary>
    public ReadOnlySpan<uint> SourceV4 => Sip4.AsSpan(0, Math.Min(Rows4, Sip4.Length));

    /// <summary>Destination addresses of the IPv4 rows.</summary>
    public ReadOnlySpan<uint> DestinationV4 => Dip4.AsSpan(0, Math.Min(Rows4, Dip4.Length));

    /// <summary>Source addresses of the IPv6 rows.</summary>
    public ReadOnlySpan<UInt128> SourceV6 => Sip6.AsSpan(0, Math.Min(Rows6, Sip6.Length));

    /// <summary>Destination addresses of the IPv6 rows.</summary>
    public ReadOnlySpan<UInt128> DestinationV6 => Dip6.AsSpan(0, Math.Min(Rows6, Dip6.Length));

    /// <summary>Destination ports of all rows.</summary>
    public ReadOnlySpan<ushort> DestinationPorts => Port.AsSpan(0, Math.Min(Count, Port.Length));

    /// <summary>Protocols of all rows.</summary>
    public ReadOnlySpan<byte> Protocols => Proto.AsSpan(0, Math.Min(Count, Proto.Length));

    /// <summary>Bytes received of all rows.</summary>
    public ReadOnlySpan<ulong> BytesReceived => BytesRcvd.AsSpan(0, Math.Min(Count, BytesRcvd.Length));

    /// <summary>Bytes sent of all rows.</summary>
    public ReadOnlySpan<ulong> BytesSent => BytesSnt.AsSpan(0, Math.Min(Count, BytesSnt.Length));

    /// <summary>Packets received of all rows.</summary>
    public ReadOnlySpan<ulong> PacketsReceived => PktsRcvd.AsSpan(0, Math.Min(Count, PktsRcvd.Length));

    /// <summary>Packets sent of all rows.</summary>
    public ReadOnlySpan<ulong> PacketsSent => PktsSnt.AsSpan(0, Math.Min(Count, PktsSnt.Length));

    /// <summary>The key of row <paramref name="row"/> (needs the four key columns).</summary>
    public FlowKey KeyAt(int row) => row < Rows4
        ? FlowKey.FromIPv4(Sip4[row], Dip4[row], Port[row], Proto[row])
        : new FlowKey(Sip6[row - Rows4], Dip6[row - Rows4], Port[row], Proto[row], isIPv6: true);

    /// <summary>The counters of row <paramref name="row"/> (needs the four counter columns).</summary>
    public FlowCounters CountersAt(int row) => new(BytesRcvd[row], BytesSnt[row], PktsRcvd[row], PktsSnt[row]);

    /// <summary>Columns of a live (not yet written) block, in its own record order, IPv4 first.</summary>
    public static BlockColumns FromFlowBlock(FlowBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        ReadOnlySpan<FlowRecord> records = block.Records;
        int rows6 = 0;
        foreach (ref readonly FlowRecord r in records)
        {
            rows6 += r.Key.IsIPv6 ? 1 : 0;
        }

        int rows4 = records.Length - rows6;
        var c = new BlockColumns(rows4, rows6, FlowColumns.All);
        int i4 = 0, i6 = 0;
        foreach (ref readonly FlowRecord r in records)
        {
            int row;
            if (r.Key.IsIPv6)
            {
                c.Sip6[i6] = r.Key.Source;
                c.Dip6[i6] = r.Key.Destination;
                row = rows4 + i6++;
            }
            else
            {
                c.Sip4[i4] = (uint)r.Key.Source;
                c.Dip4[i4] = (uint)r.Key.Destination;
                row = i4++;
            }

            c.Port[row] = r.Key.DestinationPort;
            c.Proto[row] = r.Key.Protocol;
            c.BytesRcvd[row] = r.Counters.BytesReceived;
            c.BytesSnt[row] = r.Counters.BytesSent;
            c.PktsRcvd[row] = r.Counters.PacketsReceived;
            c.PktsSnt[row] = r.Counters.PacketsSent;
        }

        return c;
    }

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        Return(ref Sip4);
        Return(ref Dip4);
        Return(ref Sip6);
        Return(ref Dip6);
        Return(ref Port);
        Return(ref Proto);
        Return(ref BytesRcvd);
        Return(ref BytesSnt);
        Return(ref PktsRcvd);
        Return(ref PktsSnt);
    }

    private static T[] Rent<T>(int n) => n == 0 ? [] : ArrayPool<T>.Shared.Rent(n);

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        array = [];
    }
}
