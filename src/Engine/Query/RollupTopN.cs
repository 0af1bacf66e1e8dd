using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>
/// The exact top N (sip, dip) pairs over several sorted sources without reading them whole: the days' roll-ups
/// (rows in chunks of decreasing total bytes, each chunk with the maximum of every metric) and, optionally, the
/// groups of the blocks that had to be scanned. An NRA-style merge: chunks are read from the source with the
/// highest remaining bound; a pair's sum over the sources it was seen in is a lower bound, that plus the bounds
/// of the sources it was not seen in an upper bound. Reading stops when the N best lower bounds all exceed both
/// every other pair's upper bound and the sum of all bounds (a pair seen nowhere yet); the N pairs' sums are then
/// made exact by looking them up in the chunks not read, which each chunk's Bloom filter mostly rules out.
/// </summary>
internal sealed class RollupTopN
{
    private const int ScannedChunk = 4096;

    private readonly IReadOnlyList<TalkerRollup> _rollups;
    private readonly (GroupKey Key, FlowCounters Counters)[] _scanned;
    private readonly Dictionary<GroupKey, FlowCounters> _scannedIndex;
    private readonly RollupMetric _metric;
    private readonly int _limit;
    private readonly IComparer<(GroupKey, FlowCounters)> _order;
    private readonly ConditionFilter? _filter;
    private readonly long[] _pairs;
    private readonly int _sources;
    private readonly int _words;
    private readonly int[] _next;
    private readonly ulong[] _bounds;
    // Candidates in flat arrays (no object per pair read): key, partial sum, the sources it was seen in (a bit per
    // source, _words words each) and whether it is proven out of the top N.
    private readonly Dictionary<GroupKey, int> _index = [];
    private GroupKey[] _keys = new GroupKey[1024];
    private FlowCounters[] _sums = new FlowCounters[1024];
    private bool[] _dead = new bool[1024];
    private ulong[] _seen;
    private int _count;
    private List<int> _live = [];
    private long _readSinceCheck;

    /// <param name="rollups">The days' roll-ups.</param>
    /// <param name="scanned">Exact groups of everything not covered by a roll-up (scanned blocks, live blocks).</param>
    /// <param name="metric">What the query ranks by.</param>
    /// <param name="limit">N.</param>
    /// <param name="order">The query's row order (negative when the first ranks before the second).</param>
    /// <param name="filter">The query's condition (addresses only: a property of the pair), or null.</param>
    /// <param name="pairs">Pairs of each roll-up that match the condition (all its pairs without one).</param>
    public RollupTopN(IReadOnlyList<TalkerRollup> rollups, List<(GroupKey Key, FlowCounters Counters)> scanned, RollupMetric metric, int limit,
        IComparer<(GroupKey, FlowCounters)> order, ConditionFilter? filter, long[] pairs)
    {
        _filter = filter;
        _pairs = pairs;
        _rollups = rollups;
        _metric = metric;
        _limit = limit;
        _order = order;
        _scanned = [.. scanned];
        Array.Sort(_scanned, (a, b) => Metric(b.Counters).CompareTo(Metric(a.Counters)));
        _scannedIndex = new Dictionary<GroupKey, FlowCounters>(_scanned.Length);
        foreach ((GroupKey k, FlowCounters c) in _scanned)
        {
            _scannedIndex[k] = c;
        }

        _sources = rollups.Count + 1;
        _words = (_sources + 63) / 64;
        _next = new int[_sources];
        _bounds = new ulong[_sources];
        _seen = new ulong[_keys.Length * _words];
    }

    /// <summary>The roll-up that failed to read (damaged since it was opened), when <see cref="Run"/> returned null.</summary>
    public TalkerRollup? Failed { get; private set; }

    /// <summary>Why <see cref="Failed"/> failed.</summary>
    public string? FailedError { get; private set; }

    /// <summary>Roll-up pairs read.</summary>
    public long PairsRead { get; private set; }

    /// <summary>Distinct groups (exact when <see cref="GroupsExact"/>, else a lower bound).</summary>
    public long Groups { get; private set; }

    /// <summary>Whether every source was read whole, so <see cref="Groups"/> is exact.</summary>
    public bool GroupsExact { get; private set; }

    /// <summary>Groups with exact sums that contain the top N (more than N only when every source was read whole);
    /// null when a roll-up chunk could not be read (<see cref="Failed"/>).</summary>
    public List<(GroupKey Key, FlowCounters Counters)>? Run()
    {
        while (true)
        {
            int best = -1;
            ulong bestBound = 0;
            for (int s = 0; s < _sources; s++)
            {
                if (!Exhausted(s) && (best < 0 || Bound(s) > bestBound))
                {
                    best = s;
                    bestBound = Bound(s);
                }
            }

            if (best < 0)
            {
                return Everything();
            }

            if (!ReadNext(best))
            {
                return null;
            }

            if (_readSinceCheck >= Math.Max(1024, _live.Count / 4) && TryStop(out List<int>? top))
            {
                return Exact(top);
            }
        }
    }

    private ulong Metric(FlowCounters c) => _metric switch
    {
        RollupMetric.Bytes => c.Bytes,
        RollupMetric.BytesReceived => c.BytesReceived,
        RollupMetric.BytesSent => c.BytesSent,
        RollupMetric.Packets => c.Packets,
        RollupMetric.PacketsReceived => c.PacketsReceived,
        _ => c.PacketsSent,
    };

    private bool Exhausted(int s) => s < _rollups.Count ? _next[s] >= _rollups[s].Chunks.Length : _next[s] * ScannedChunk >= _scanned.Length;

    private ulong Bound(int s) => Exhausted(s) ? 0
        : s < _rollups.Count ? _rollups[s].BoundFrom(_next[s], _metric) : Metric(_scanned[_next[s] * ScannedChunk].Counters);

    private bool ReadNext(int s)
    {
        if (s == _rollups.Count)
        {
            int start = _next[s]++ * ScannedChunk;
            int end = Math.Min(_scanned.Length, start + ScannedChunk);
            for (int i = start; i < end; i++)
            {
                Add(_scanned[i].Key, _scanned[i].Counters, s);
            }

            _readSinceCheck += end - start;
            return true;
        }

        TalkerRollup r = _rollups[s];
        using TalkerRollupRows? rows = r.ReadChunk(_next[s], out string? error);
        if (rows is null)
        {
            Failed = r;
            FailedError = error;
            return false;
        }

        _next[s]++;
        BlockColumns c = rows.Columns;
        if (_filter is null)
        {
            for (int i = 0; i < c.Count; i++)
            {
                Add(KeyAt(c, i), c.CountersAt(i), s);
            }
        }
        else
        {
            // Only matching pairs are candidates; the chunk's bound stays an upper bound of what matches.
            byte[] mask = new byte[Math.Max(c.Rows4, c.Rows6)];
            for (int family = 0; family < 2; family++)
            {
                bool v6 = family == 1;
                int n = v6 ? c.Rows6 : c.Rows4, off = v6 ? c.Rows4 : 0;
                if (n == 0)
                {
                    continue;
                }

                _filter.Evaluate(c, v6, mask.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                {
                    if (mask[i] != 0)
                    {
                        Add(KeyAt(c, off + i), c.CountersAt(off + i), s);
                    }
                }
            }
        }

        PairsRead += c.Count;
        _readSinceCheck += c.Count;
        return true;
    }

    private static GroupKey KeyAt(BlockColumns c, int i) => i < c.Rows4
        ? new GroupKey(c.Sip4[i], c.Dip4[i], 0, 0, 0, 0, 0)
        : new GroupKey(c.Sip6[i - c.Rows4], c.Dip6[i - c.Rows4], 0, 0, GroupKey.IPv6Flag, 0, 0);

    private void Add(GroupKey key, FlowCounters counters, int source)
    {
        if (!_index.TryGetValue(key, out int c))
        {
            c = _count++;
            if (c == _keys.Length)
            {
                Array.Resize(ref _keys, c * 2);
                Array.Resize(ref _sums, c * 2);
                Array.Resize(ref _dead, c * 2);
                Array.Resize(ref _seen, c * 2 * _words);
            }

            _keys[c] = key;
            _index.Add(key, c);
            _live.Add(c);
        }

        if (!_dead[c])
        {
            _sums[c] += counters;
            _seen[(c * _words) + (source >> 6)] |= 1UL << (source & 63);
        }
    }

    /// <summary>Whether the N best lower bounds are proven to be the top N; marks candidates proven out as dead.</summary>
    private bool Seen(int candidate, int source) => (_seen[(candidate * _words) + (source >> 6)] & (1UL << (source & 63))) != 0;

    private bool TryStop(out List<int> top)
    {
        _readSinceCheck = 0;
        top = [];
        if (_live.Count < _limit)
        {
            return false;
        }

        ulong unseen = 0;
        for (int s = 0; s < _sources; s++)
        {
            _bounds[s] = Bound(s);
            unseen = SaturatingAdd(unseen, _bounds[s]);
        }

        var heap = new PriorityQueue<int, (GroupKey, FlowCounters)>(Comparer<(GroupKey, FlowCounters)>.Create((a, b) => _order.Compare(b, a)));
        foreach (int c in _live)
        {
            if (heap.Count < _limit)
            {
                heap.Enqueue(c, (_keys[c], _sums[c]));
            }
            else if (_order.Compare((_keys[c], _sums[c]), (_keys[heap.Peek()], _sums[heap.Peek()])) < 0)
            {
                heap.EnqueueDequeue(c, (_keys[c], _sums[c]));
            }
        }

        ulong floor = Metric(_sums[heap.Peek()]);
        var inTop = new HashSet<int>(_limit);
        foreach ((int c, _) in heap.UnorderedItems)
        {
            inTop.Add(c);
            top.Add(c);
        }

        bool proven = floor > unseen;
        var live = new List<int>(_live.Count);
        foreach (int c in _live)
        {
            if (inTop.Contains(c))
            {
                live.Add(c);
                continue;
            }

            ulong upper = Metric(_sums[c]);
            for (int s = 0; s < _sources; s++)
            {
                if (!Seen(c, s))
                {
                    upper = SaturatingAdd(upper, _bounds[s]);
                }
            }

            if (upper < floor)
            {
                // Bounds only fall and the floor only rises: a pair proven out stays out.
                _dead[c] = true;
            }
            else
            {
                proven = false;
                live.Add(c);
            }
        }

        _live = live;
        return proven;
    }

    /// <summary>Completes the sums of the proven top N from the chunks not read.</summary>
    private List<(GroupKey, FlowCounters)>? Exact(List<int> top)
    {
        SetGroups(false);
        var wanted = new Dictionary<(int Source, int Chunk), List<int>>();
        foreach (int c in top)
        {
            for (int s = 0; s < _sources; s++)
            {
                if (Seen(c, s) || Exhausted(s))
                {
                    continue;
                }

                if (s == _rollups.Count)
                {
                    if (_scannedIndex.TryGetValue(_keys[c], out FlowCounters add))
                    {
                        _sums[c] += add;
                    }

                    continue;
                }

                ulong hash = RollupTable.Hash(_keys[c].Source, _keys[c].Destination, _keys[c].IsIPv6);
                for (int k = _next[s]; k < _rollups[s].Chunks.Length; k++)
                {
                    if (_rollups[s].MayContain(k, hash))
                    {
                        if (!wanted.TryGetValue((s, k), out List<int>? list))
                        {
                            wanted[(s, k)] = list = [];
                        }

                        list.Add(c);
                    }
                }
            }
        }

        foreach (((int s, int k), List<int> list) in wanted)
        {
            using TalkerRollupRows? rows = _rollups[s].ReadChunk(k, out string? error);
            if (rows is null)
            {
                Failed = _rollups[s];
                FailedError = error;
                return null;
            }

            PairsRead += rows.Count;
            BlockColumns cols = rows.Columns;
            for (int i = 0; i < cols.Count; i++)
            {
                GroupKey key = KeyAt(cols, i);
                foreach (int c in list)
                {
                    if (_keys[c] == key)
                    {
                        _sums[c] += cols.CountersAt(i);
                    }
                }
            }
        }

        return [.. top.Select(c => (_keys[c], _sums[c]))];
    }

    /// <summary>Every source was read: the live candidates' sums are exact, and the dead ones are proven out.</summary>
    private List<(GroupKey, FlowCounters)> Everything()
    {
        SetGroups(true);
        return [.. _live.Where(c => !_dead[c]).Select(c => (_keys[c], _sums[c]))];
    }

    private void SetGroups(bool complete)
    {
        long groups = _count;
        if (_metric is RollupMetric.Bytes or RollupMetric.Packets)
        {
            // Every pair stored counts, as the scan counts every group.
            GroupsExact = complete;
            foreach (long p in _pairs)
            {
                groups = Math.Max(groups, p);
            }

            groups = Math.Max(groups, _scanned.Length);
        }
        else
        {
            // In or out: only groups with a counter in that direction count; seen ones with one are a lower bound.
            GroupsExact = false;
            bool received = _metric is RollupMetric.BytesReceived or RollupMetric.PacketsReceived;
            groups = 0;
            for (int c = 0; c < _count; c++)
            {
                FlowCounters sum = _sums[c];
                groups += (received ? sum.BytesReceived | sum.PacketsReceived : sum.BytesSent | sum.PacketsSent) != 0 ? 1 : 0;
            }
        }

        Groups = groups;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
}
