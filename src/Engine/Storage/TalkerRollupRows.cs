using System.Buffers;

namespace Weir.Engine.Storage;

/// <summary>The decoded pairs of one roll-up chunk: addresses and counters as block columns (IPv4 rows first, no
/// port or protocol), and the number of flows each pair sums. Dispose returns the pooled arrays.</summary>
internal sealed class TalkerRollupRows : IDisposable
{
    private uint[] _flows;

    public TalkerRollupRows(int rows4, int rows6)
    {
        Columns = new BlockColumns(rows4, rows6, FlowColumns.Sip | FlowColumns.Dip | FlowColumns.Counters);
        _flows = rows4 + rows6 == 0 ? [] : ArrayPool<uint>.Shared.Rent(rows4 + rows6);
    }

    /// <summary>The pairs as block columns (what the query aggregator and filters read).</summary>
    public BlockColumns Columns { get; }

    /// <summary>Pairs.</summary>
    public int Count => Columns.Count;

    /// <summary>Flows summed by each pair, IPv4 pairs first.</summary>
    public Span<uint> Flows => _flows.AsSpan(0, Count);

    public void Dispose()
    {
        Columns.Dispose();
        if (_flows.Length > 0)
        {
            ArrayPool<uint>.Shared.Return(_flows);
            _flows = [];
        }
    }
}
