using System.Buffers;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// Turns a <see cref="FlowBlock"/> into compressed column chunks: rows sorted by key (IPv4 first), the sorted
/// source column delta-encoded, every column at its minimal byte width in byte planes, then compressed.
/// One instance is reused by a writer; its buffers grow to the largest block seen, and it reads a block
/// through <see cref="FlowBlock.ForEach{TVisitor}(ref TVisitor)"/>, so writing a rotated block copies no records.
/// </summary>
internal sealed class BlockEncoder
{
    private FlowKey[] _keys = [];
    private FlowCounters[] _counters = [];
    private int[] _order = [];
    private uint[] _a4 = [];
    private uint[] _b4 = [];
    private UInt128[] _a6 = [];
    private UInt128[] _b6 = [];
    private ushort[] _ports = [];
    private byte[] _protos = [];
    private ulong[] _values = [];
    private byte[] _encoded = [];
    private readonly byte[][] _stored = new byte[FlowDbLayout.ColumnCount][];
    private readonly int[] _storedLength = new int[FlowDbLayout.ColumnCount];
    private readonly int[] _rawLength = new int[FlowDbLayout.ColumnCount];

    public BlockEncoder()
    {
        for (int i = 0; i < _stored.Length; i++)
        {
            _stored[i] = [];
        }
    }

    /// <summary>IPv4 rows of the last encoded block.</summary>
    public int Rows4 { get; private set; }

    /// <summary>IPv6 rows of the last encoded block.</summary>
    public int Rows6 { get; private set; }

    /// <summary>Column bounds of the last encoded block.</summary>
    public BlockSummary Summary { get; private set; }

    /// <summary>Stored bytes of column <paramref name="column"/> of the last encoded block.</summary>
    public ReadOnlySpan<byte> Stored(int column) => _stored[column].AsSpan(0, _storedLength[column]);

    /// <summary>Encoded (pre-compression) length of column <paramref name="column"/>.</summary>
    public int RawLength(int column) => _rawLength[column];

    /// <summary>Encodes and compresses <paramref name="block"/>.</summary>
    public void Encode(FlowBlock block, ColumnCodec codec, int level)
    {
        // Read straight from the block (a rotated block's tables): no copy of its records is made.
        int n = block.Count;
        Ensure(ref _keys, n);
        Ensure(ref _counters, n);
        Ensure(ref _order, n);
        var gather = new Gather(_keys, _counters);
        block.ForEach(ref gather);
        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        int rows4 = 0;
        while (rows4 < n && !_keys[rows4].IsIPv6)
        {
            rows4++;
        }

        int rows6 = n - rows4;
        Rows4 = rows4;
        Rows6 = rows6;
        Ensure(ref _a4, rows4);
        Ensure(ref _b4, rows4);
        Ensure(ref _a6, rows6);
        Ensure(ref _b6, rows6);
        Ensure(ref _ports, n);
        Ensure(ref _protos, n);
        Ensure(ref _values, n);

        var summary = new BlockSummary
        {
            SourceMin4 = uint.MaxValue, DestinationMin4 = uint.MaxValue, SourceMin6 = UInt128.MaxValue, DestinationMin6 = UInt128.MaxValue,
            PortMin = ushort.MaxValue,
        };
        uint sMin4 = uint.MaxValue, sMax4 = 0, dMin4 = uint.MaxValue, dMax4 = 0;
        UInt128 sMin6 = UInt128.MaxValue, sMax6 = 0, dMin6 = UInt128.MaxValue, dMax6 = 0;
        ushort pMin = ushort.MaxValue, pMax = 0;
        ProtocolSet protocols = default;
        for (int i = 0; i < n; i++)
        {
            FlowKey k = _keys[i];
            if (i < rows4)
            {
                uint s = (uint)k.Source, d = (uint)k.Destination;
                _a4[i] = s;
                _b4[i] = d;
                sMin4 = Math.Min(sMin4, s);
                sMax4 = Math.Max(sMax4, s);
                dMin4 = Math.Min(dMin4, d);
                dMax4 = Math.Max(dMax4, d);
            }
            else
            {
                UInt128 s = k.Source, d = k.Destination;
                _a6[i - rows4] = s;
                _b6[i - rows4] = d;
                sMin6 = s < sMin6 ? s : sMin6;
                sMax6 = s > sMax6 ? s : sMax6;
                dMin6 = d < dMin6 ? d : dMin6;
                dMax6 = d > dMax6 ? d : dMax6;
            }

            _ports[i] = k.DestinationPort;
            _protos[i] = k.Protocol;
            pMin = Math.Min(pMin, k.DestinationPort);
            pMax = Math.Max(pMax, k.DestinationPort);
            protocols = protocols.Contains(k.Protocol) ? protocols : protocols.With(k.Protocol);
        }

        Summary = summary with
        {
            SourceMin4 = sMin4, SourceMax4 = sMax4, DestinationMin4 = dMin4, DestinationMax4 = dMax4,
            SourceMin6 = sMin6, SourceMax6 = sMax6, DestinationMin6 = dMin6, DestinationMax6 = dMax6,
            PortMin = pMin, PortMax = pMax, Protocols = protocols,
        };

        Ensure(ref _encoded, ColumnEncoding.MaxAddressLength(rows4, rows6) + ColumnEncoding.MaxIntegerLength(n, 8));
        // Sources are the primary sort key, so their IPv4 deltas are small; destinations are not sorted.
        Store(0, ColumnEncoding.EncodeAddresses(_a4.AsSpan(0, rows4), _a6.AsSpan(0, rows6), delta: true, _encoded), codec, level);
        Store(1, ColumnEncoding.EncodeAddresses(_b4.AsSpan(0, rows4), _b6.AsSpan(0, rows6), delta: false, _encoded), codec, level);
        Store(2, ColumnEncoding.EncodeIntegers<ushort>(_ports.AsSpan(0, n), delta: false, _encoded), codec, level);
        Store(3, ColumnEncoding.EncodeIntegers<byte>(_protos.AsSpan(0, n), delta: false, _encoded), codec, level);
        for (int c = 0; c < 4; c++)
        {
            for (int i = 0; i < n; i++)
            {
                FlowCounters fc = _counters[_order[i]];
                _values[i] = c switch { 0 => fc.BytesReceived, 1 => fc.BytesSent, 2 => fc.PacketsReceived, _ => fc.PacketsSent };
            }

            Store(4 + c, ColumnEncoding.EncodeIntegers<ulong>(_values.AsSpan(0, n), delta: false, _encoded), codec, level);
        }
    }

    private void Store(int column, int rawLength, ColumnCodec codec, int level)
    {
        _rawLength[column] = rawLength;
        ReadOnlySpan<byte> raw = _encoded.AsSpan(0, rawLength);
        int max = ColumnCompression.MaxCompressedLength(codec, rawLength);
        Ensure(ref _stored[column], max);
        _storedLength[column] = ColumnCompression.Compress(codec, raw, _stored[column], level);
    }

    /// <summary>Collects the keys and counters of a block's flows, in its order.</summary>
    private struct Gather(FlowKey[] keys, FlowCounters[] counters) : IFlowRecordVisitor
    {
        private int _next;

        public void Visit(in FlowRecord record)
        {
            keys[_next] = record.Key;
            counters[_next] = record.Counters;
            _next++;
        }
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            if (array.Length > 0)
            {
                ArrayPool<T>.Shared.Return(array);
            }

            array = ArrayPool<T>.Shared.Rent(Math.Max(length, 64));
        }
    }
}
