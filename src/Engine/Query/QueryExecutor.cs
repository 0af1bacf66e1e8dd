using System.Diagnostics;
using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>
/// Runs a <see cref="FlowQuery"/> over a flow database and, optionally, live blocks not yet written out.
/// Reads only the interface-days in the time range, only the blocks whose column bounds allow a match, and only
/// the columns the query needs; scans blocks in parallel with one partial aggregate per thread, merged at the end.
/// </summary>
public static class QueryExecutor
{
    /// <summary>Hidden diagnostics: <c>WEIR_QUERY_TIMINGS=1</c> prints the time of each query phase to stderr.</summary>
    private static readonly bool s_timings = Environment.GetEnvironmentVariable("WEIR_QUERY_TIMINGS") == "1";

    /// <summary>Runs <paramref name="query"/>.</summary>
    /// <param name="reader">The database (its <see cref="FlowDbReader.Issues"/> are returned with the result).</param>
    /// <param name="query">The query.</param>
    /// <param name="live">Blocks not yet in the database (the host's current flow logs), merged into the answer.</param>
    /// <exception cref="FlowQueryException">The query names an interface the database lacks, or sorts by time without grouping by it.</exception>
    public static QueryResult Run(FlowDbReader reader, FlowQuery query, IEnumerable<FlowBlock>? live = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        var clock = Stopwatch.StartNew();
        if (query.Sort == SortKey.Time && (query.GroupBy & GroupAttributes.Time) == 0)
        {
            throw new FlowQueryException("sorting by time needs the time attribute (add 'time' to the attributes)");
        }

        List<FlowBlock>? liveBlocks = live?.ToList();
        // A roll-up that turns out damaged while it is read (it was verified when opened) is set aside with a
        // warning and the query runs again with that day scanned from its blocks.
        var distrusted = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            QueryResult? result = RunOnce(reader, query, liveBlocks, distrusted, clock);
            if (result is not null)
            {
                return result;
            }
        }
    }

    private static QueryResult? RunOnce(FlowDbReader reader, FlowQuery query, List<FlowBlock>? live, HashSet<string> distrusted, Stopwatch clock)
    {
        var plan = new QueryPlan(query);
        bool useRollups = RollupPlanner.Eligible(query);
        RollupKind kind = RollupPlanner.Kind(query);
        List<string> interfaces = ResolveInterfaces(reader, query, out bool any);
        DateTimeOffset from = query.From ?? DateTimeOffset.MinValue;
        DateTimeOffset to = query.To ?? DateTimeOffset.MaxValue;

        var work = new List<WorkItem>();
        var rollups = new List<(TalkerRollup Rollup, int Iface)>();
        var sideRollups = new List<TalkerRollup>();
        int days = 0, inRange = 0, skipped = 0, rollupBlocks = 0;
        long rollupFlowsScanned = 0;
        DateTimeOffset? first = null, last = null;
        try
        {
            for (int f = 0; f < interfaces.Count; f++)
            {
                foreach (DateOnly day in reader.ListDayDates(interfaces[f]))
                {
                    DateTimeOffset dayStart = new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    if (dayStart.AddDays(1) <= from || dayStart >= to)
                    {
                        continue;
                    }

                    days++;
                    IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks(interfaces[f], day);
                    TalkerRollup? rollup = useRollups && blocks.Count > 0 ? reader.OpenRollup(interfaces[f], day, blocks, kind) : null;
                    if (useRollups && rollup is null && kind != RollupKind.Pairs && blocks.Count > 0)
                    {
                        rollup = reader.OpenRollup(interfaces[f], day, blocks);
                    }

                    if (rollup is not null && (distrusted.Contains(rollup.Path) || !RollupPlanner.CoversRange(blocks, rollup.BlocksCovered, from, to)))
                    {
                        rollup.Dispose();
                        rollup = null;
                    }

                    bool rollupUsed = false;
                    for (int bi = 0; bi < blocks.Count; bi++)
                    {
                        FlowDbBlock b = blocks[bi];
                        if (b.End <= from || b.Start >= to)
                        {
                            continue;
                        }

                        inRange++;
                        bool v4 = b.Rows4 > 0, v6 = b.Rows6 > 0;
                        if (plan.Filter is { } filter)
                        {
                            BlockSummary s = b.Summary;
                            v4 = v4 && filter.Check(s, false).MayBeTrue;
                            v6 = v6 && filter.Check(s, true).MayBeTrue;
                        }

                        if (!v4 && !v6)
                        {
                            skipped++;
                            continue;
                        }

                        if (rollup is not null && bi < rollup.BlocksCovered)
                        {
                            rollupUsed = true;
                            rollupBlocks++;
                            rollupFlowsScanned += (v4 ? b.Rows4 : 0) + (v6 ? b.Rows6 : 0);
                        }
                        else
                        {
                            work.Add(new WorkItem(b, null, 0, f, v4, v6));
                        }

                        first = first is null || b.Start < first ? b.Start : first;
                        last = last is null || b.End > last ? b.End : last;
                    }

                    if (rollup is not null && rollupUsed)
                    {
                        rollups.Add((rollup, f));
                    }
                    else
                    {
                        rollup?.Dispose();
                    }
                }
            }

            bool topN = rollups.Count > 0 && rollups.All(r => r.Rollup.Kind == kind) && RollupPlanner.TopN(query, kind);
            if (!topN)
            {
                foreach ((TalkerRollup r, int f) in rollups)
                {
                    for (int c = 0; c < r.Chunks.Length; c++)
                    {
                        TalkerRollupChunk chunk = r.Chunks[c];
                        work.Add(new WorkItem(null, r, c, f, chunk.Rows4 > 0, chunk.Rows6 > 0));
                    }
                }
            }

            int damaged = 0, next = -1;
            long readTicks = 0, aggregateTicks = 0, scanStart = Stopwatch.GetTimestamp(), pairsRead = 0;
            (TalkerRollup Rollup, string Error)? failed = null;
            var options = new ParallelOptions { MaxDegreeOfParallelism = query.MaxDegreeOfParallelism > 0 ? query.MaxDegreeOfParallelism : Environment.ProcessorCount };
            // Exactly one partial per worker (Parallel.For's thread-locals multiply under load, each a full set of
            // tables to merge); the workers pull blocks from a shared counter.
            var partials = new Aggregator[Math.Max(1, Math.Min(options.MaxDegreeOfParallelism, work.Count))];
            Parallel.For(0, partials.Length, options, w =>
            {
                var agg = new Aggregator(plan);
                int i;
                while ((i = Interlocked.Increment(ref next)) < work.Count && failed is null)
                {
                    WorkItem item = work[i];
                    long t0 = Stopwatch.GetTimestamp();
                    if (item.Rollup is { } r)
                    {
                        using TalkerRollupRows? rows = r.ReadChunk(item.Chunk, out string? error);
                        long t2 = Stopwatch.GetTimestamp();
                        Interlocked.Add(ref readTicks, t2 - t0);
                        if (rows is null)
                        {
                            lock (work)
                            {
                                failed ??= (r, error ?? "roll-up chunk unreadable");
                            }

                            continue;
                        }

                        agg.ProcessRollup(rows.Columns, rows.Flows, item.Iface, item.V4, item.V6);
                        Interlocked.Add(ref aggregateTicks, Stopwatch.GetTimestamp() - t2);
                        Interlocked.Add(ref pairsRead, rows.Count);
                        continue;
                    }

                    FlowDbBlock block = item.Block!;
                    using BlockColumns? cols = reader.ReadBlock(block, plan.Columns);
                    long t1 = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref readTicks, t1 - t0);
                    if (cols is null)
                    {
                        Interlocked.Increment(ref damaged);
                        continue;
                    }

                    agg.Process(cols, item.Iface, plan.TimeKey(FlowDbLayout.ToNs(block.Start)), item.V4, item.V6);
                    Interlocked.Add(ref aggregateTicks, Stopwatch.GetTimestamp() - t1);
                }

                partials[w] = agg;
            });

            if (failed is { } bad)
            {
                return Distrust(reader, distrusted, bad.Rollup, bad.Error);
            }

            var total = new Aggregator(plan);
            int liveCount = 0;
            if (live is not null)
            {
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < interfaces.Count; i++)
                {
                    index[interfaces[i]] = i;
                }

                foreach (FlowBlock b in live)
                {
                    if (b.End <= from || b.Start >= to)
                    {
                        continue;
                    }

                    if (!index.TryGetValue(b.InterfaceName, out int iface))
                    {
                        if (!any)
                        {
                            continue;
                        }

                        iface = interfaces.Count;
                        interfaces.Add(b.InterfaceName);
                        index[b.InterfaceName] = iface;
                    }

                    liveCount++;
                    using BlockColumns cols = BlockColumns.FromFlowBlock(b);
                    total.Process(cols, iface, plan.TimeKey(FlowDbLayout.ToNs(b.Start)), true, true);
                    first = first is null || b.Start < first ? b.Start : first;
                    last = last is null || b.End > last ? b.End : last;
                }
            }

            long mergeStart = Stopwatch.GetTimestamp();
            Aggregator[] all = [.. partials, total];
            Aggregator merged = all[0];
            for (int i = 1; i < all.Length; i++)
            {
                merged.MergeWideAndTotals(all[i]);
            }

            bool anyScanned = work.Count > 0 || liveCount > 0;
            TopSelector selector = !topN || anyScanned ? Select(plan, interfaces, all, merged, topN ? 0 : query.Limit, options) : new TopSelector(plan, interfaces, 0);
            long groups = selector.Groups;
            bool groupsExact = true;
            if (topN)
            {
                // The scanned part's groups are one more exact source of the merge; the roll-ups' totals are in
                // their headers, so an unconditioned top N needs only the chunks that can hold its pairs.
                TalkerRollup[] sources = [.. rollups.Select(r => r.Rollup)];
                long[] pairs = [.. sources.Select(r => r.Pairs)];
                if (plan.Filter is { } filter)
                {
                    // The totals of a condition are over every matching pair: one pass that decodes and filters
                    // the chunks without grouping them.
                    // A condition on one side only sums the same over that side's (smaller) roll-up of the same blocks.
                    RollupKind side = RollupPlanner.Side(query.Condition!);
                    TalkerRollup[] summed = [.. sources.Select(r => SideRollup(reader, r, side, sideRollups, distrusted) ?? r)];
                    (FlowCounters matchedTotals, long matchedFlows, TalkerRollup? broken, string? error) = MatchedTotals(summed, filter, pairs, options);
                    for (int i = 0; i < sources.Length; i++)
                    {
                        // Matching sources (or destinations) are no count of matching pairs.
                        pairs[i] = ReferenceEquals(summed[i], sources[i]) ? pairs[i] : 0;
                    }

                    if (broken is not null)
                    {
                        return Distrust(reader, distrusted, broken, error ?? "roll-up chunk unreadable");
                    }

                    merged.AddTotals(matchedTotals);
                    merged.AddFlows(0, matchedFlows);
                }
                else
                {
                    foreach (TalkerRollup r in sources)
                    {
                        merged.AddTotals(r.Totals);
                        merged.AddFlows(0, r.Flows);
                    }
                }

                var merge = new RollupTopN(sources, selector.All, RollupPlanner.Metric(query), query.Limit, selector, plan.Filter, pairs);
                List<(GroupKey, FlowCounters)>? found = merge.Run();
                if (found is null)
                {
                    return Distrust(reader, distrusted, merge.Failed!, merge.FailedError ?? "roll-up chunk unreadable");
                }

                selector = new TopSelector(plan, interfaces, query.Limit);
                foreach ((GroupKey k, FlowCounters c) in found)
                {
                    selector.Offer(k, c);
                }

                groups = merge.Groups;
                groupsExact = merge.GroupsExact;
                pairsRead = merge.PairsRead;
            }

            if (s_timings)
            {
                double ms = 1000.0 / Stopwatch.Frequency;
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"weir: query timings: scan {(mergeStart - scanStart) * ms:F0} ms wall (thread time: read+decode {readTicks * ms:F0} ms, aggregate {aggregateTicks * ms:F0} ms; {FlowDbReader.TimingSummary()}), merge+top {(Stopwatch.GetTimestamp() - mergeStart) * ms:F0} ms wall, {all.Length} partials; roll-ups: {rollups.Count} days, {pairsRead} pairs read{(topN ? " by the top-N merge" : "")}"));
            }

            merged.AddFlows(rollupFlowsScanned, 0);
            var totals = new FlowCounters(merged.BytesReceived, merged.BytesSent, merged.PacketsReceived, merged.PacketsSent);
            int blocksRead = work.Count(w => w.Block is not null) - damaged;
            var stats = new QueryStatistics(interfaces.Count, days, inRange, skipped, blocksRead, damaged, liveCount,
                merged.RowsScanned, merged.RowsMatched, first, last, clock.Elapsed)
            {
                RollupDays = rollups.Count,
                RollupBlocks = rollupBlocks,
                RollupPairsRead = pairsRead,
            };
            return new QueryResult(query, selector.Result(), totals, groups, stats, reader.Issues, groupsExact, reader.Warnings);
        }
        finally
        {
            foreach ((TalkerRollup r, _) in rollups)
            {
                r.Dispose();
            }

            foreach (TalkerRollup r in sideRollups)
            {
                r.Dispose();
            }
        }
    }

    /// <summary>Counter totals, flows and pairs (per roll-up, into <paramref name="pairs"/>) of the pairs that match
    /// <paramref name="filter"/>; the first unreadable roll-up, if any.</summary>
    private static (FlowCounters Totals, long Flows, TalkerRollup? Broken, string? Error) MatchedTotals(TalkerRollup[] sources, ConditionFilter filter,
        long[] pairs, ParallelOptions options)
    {
        var items = new List<(int Source, int Chunk)>();
        for (int s = 0; s < sources.Length; s++)
        {
            pairs[s] = 0;
            for (int c = 0; c < sources[s].Chunks.Length; c++)
            {
                items.Add((s, c));
            }
        }

        var gate = new Lock();
        FlowCounters totals = default;
        long flows = 0;
        (TalkerRollup? Broken, string? Error) failed = (null, null);
        Parallel.For(0, items.Count, options, () => new byte[TalkerRollupFormat.MaxChunkRows], (i, _, mask) =>
        {
            (int s, int chunk) = items[i];
            using TalkerRollupRows? rows = sources[s].ReadChunk(chunk, out string? error);
            if (rows is null)
            {
                lock (gate)
                {
                    failed = failed.Broken is null ? (sources[s], error) : failed;
                }

                return mask;
            }

            BlockColumns c = rows.Columns;
            ulong br = 0, bs = 0, pr = 0, ps = 0;
            long f = 0, matched = 0;
            ReadOnlySpan<uint> pairFlows = rows.Flows;
            for (int family = 0; family < 2; family++)
            {
                bool v6 = family == 1;
                int n = v6 ? c.Rows6 : c.Rows4, off = v6 ? c.Rows4 : 0;
                if (n == 0)
                {
                    continue;
                }

                Span<byte> m = mask.AsSpan(0, n);
                filter.Evaluate(c, v6, m);
                for (int r = 0; r < n; r++)
                {
                    if (m[r] != 0)
                    {
                        br += c.BytesRcvd[off + r];
                        bs += c.BytesSnt[off + r];
                        pr += c.PktsRcvd[off + r];
                        ps += c.PktsSnt[off + r];
                        f += pairFlows[off + r];
                        matched++;
                    }
                }
            }

            lock (gate)
            {
                totals += new FlowCounters(br, bs, pr, ps);
                flows += f;
                pairs[s] += matched;
            }

            return mask;
        }, _ => { });
        return (totals, flows, failed.Broken, failed.Error);
    }

    /// <summary>The roll-up by <paramref name="side"/> covering exactly the blocks <paramref name="pairs"/> covers, or null.</summary>
    private static TalkerRollup? SideRollup(FlowDbReader reader, TalkerRollup pairs, RollupKind side, List<TalkerRollup> opened, HashSet<string> distrusted)
    {
        if (side == RollupKind.Pairs)
        {
            return null;
        }

        TalkerRollup? r = reader.OpenRollup(pairs.Interface, pairs.Day, reader.ListBlocks(pairs.Interface, pairs.Day), side);
        if (r is null)
        {
            return null;
        }

        opened.Add(r);
        return !distrusted.Contains(r.Path) && r.BlocksCovered == pairs.BlocksCovered && r.Header.Fingerprint == pairs.Header.Fingerprint ? r : null;
    }

    private static QueryResult? Distrust(FlowDbReader reader, HashSet<string> distrusted, TalkerRollup rollup, string error)
    {
        reader.Warn(rollup.Path, rollup.Interface, rollup.Day, $"{error}; ignored, the day's blocks are scanned instead");
        distrusted.Add(rollup.Path);
        return null;
    }

    /// <summary>Merges the partials' packed partitions and takes the top groups, one partition at a time in parallel.</summary>
    private static TopSelector Select(QueryPlan plan, List<string> interfaces, Aggregator[] all, Aggregator merged, int limit, ParallelOptions options)
    {
        // Each packed partition is merged and its top groups taken on its own; only N groups per partition
        // reach the final selection.
        var selectors = new TopSelector[Aggregator.Partitions + 1];
        Parallel.For(0, Aggregator.Partitions, options, p =>
        {
            GroupMap<PackedKey> largest = all[0].Packed[p];
            for (int i = 1; i < all.Length; i++)
            {
                largest = all[i].Packed[p].Count > largest.Count ? all[i].Packed[p] : largest;
            }

            for (int i = 0; i < all.Length; i++)
            {
                if (!ReferenceEquals(all[i].Packed[p], largest))
                {
                    largest.MergeFrom(all[i].Packed[p]);
                }
            }

            for (int i = 0; i < all.Length; i++)
            {
                all[i].Runs[p].DrainInto(largest);
            }

            var partSelector = new TopSelector(plan, interfaces, limit);
            var packedVisitor = new PackedVisitor(partSelector, plan);
            largest.ForEach(ref packedVisitor);
            selectors[p] = partSelector;
        });

        var wideSelector = new TopSelector(plan, interfaces, limit);
        var wideVisitor = new WideVisitor(wideSelector);
        merged.Wide.ForEach(ref wideVisitor);
        selectors[^1] = wideSelector;
        var selector = new TopSelector(plan, interfaces, limit);
        foreach (TopSelector s in selectors)
        {
            selector.Absorb(s);
        }

        return selector;
    }

    private static List<string> ResolveInterfaces(FlowDbReader reader, FlowQuery query, out bool any)
    {
        IReadOnlyList<string> available = reader.ListInterfaces();
        any = query.Interfaces is null || query.Interfaces.Count == 0 || query.Interfaces.Any(i => string.Equals(i, "any", StringComparison.OrdinalIgnoreCase));
        if (any)
        {
            return [.. available];
        }

        var result = new List<string>();
        foreach (string name in query.Interfaces!)
        {
            if (!available.Contains(name, StringComparer.Ordinal))
            {
                throw new FlowQueryException($"no interface '{name}' in the database (has: {(available.Count == 0 ? "none" : string.Join(", ", available))})");
            }

            if (!result.Contains(name, StringComparer.Ordinal))
            {
                result.Add(name);
            }
        }

        return result;
    }

    private struct PackedVisitor(TopSelector selector, QueryPlan plan) : GroupMap<PackedKey>.IVisitor
    {
        public readonly void Visit(PackedKey key, ulong bytesReceived, ulong bytesSent, ulong packetsReceived, ulong packetsSent) =>
            selector.Offer(plan.Unpack(key), new FlowCounters(bytesReceived, bytesSent, packetsReceived, packetsSent));
    }

    private struct WideVisitor(TopSelector selector) : GroupMap<GroupKey>.IVisitor
    {
        public readonly void Visit(GroupKey key, ulong bytesReceived, ulong bytesSent, ulong packetsReceived, ulong packetsSent) =>
            selector.Offer(key, new FlowCounters(bytesReceived, bytesSent, packetsReceived, packetsSent));
    }

    /// <summary>A block to scan, or a roll-up chunk to aggregate.</summary>
    private readonly record struct WorkItem(FlowDbBlock? Block, TalkerRollup? Rollup, int Chunk, int Iface, bool V4, bool V6);

    /// <summary>Keeps the best N groups in a bounded heap (O(groups · log N)), or all of them when N is 0.</summary>
    private sealed class TopSelector : IComparer<(GroupKey Key, FlowCounters Counters)>
    {
        private readonly QueryPlan _plan;
        private readonly List<string> _interfaces;
        private readonly int _limit;
        private readonly PriorityQueue<(GroupKey, FlowCounters), (GroupKey, FlowCounters)> _heap;
        private readonly List<(GroupKey, FlowCounters)> _all = [];
        private readonly IComparer<(GroupKey, FlowCounters)> _worstFirst;

        public TopSelector(QueryPlan plan, List<string> interfaces, int limit)
        {
            _plan = plan;
            _interfaces = interfaces;
            _limit = Math.Max(0, limit);
            _worstFirst = Comparer<(GroupKey, FlowCounters)>.Create((a, b) => Compare(b, a));
            _heap = new PriorityQueue<(GroupKey, FlowCounters), (GroupKey, FlowCounters)>(_worstFirst);
        }

        public long Groups { get; private set; }

        /// <summary>Every group offered, when the limit is 0.</summary>
        public List<(GroupKey Key, FlowCounters Counters)> All => _all;

        /// <summary>Takes over the groups kept by a selector of a disjoint part of the groups.</summary>
        public void Absorb(TopSelector other)
        {
            Groups += other.Groups;
            if (_limit == 0)
            {
                _all.AddRange(other._all);
                return;
            }

            foreach ((GroupKey, FlowCounters) item in other._heap.UnorderedItems.Select(x => x.Element))
            {
                Keep(item);
            }
        }

        public void Offer(GroupKey key, FlowCounters c)
        {
            Direction dir = _plan.Query.Direction;
            if ((dir == Direction.In && c.BytesReceived == 0 && c.PacketsReceived == 0) || (dir == Direction.Out && c.BytesSent == 0 && c.PacketsSent == 0))
            {
                return;
            }

            Groups++;
            Keep((key, c));
        }

        private void Keep((GroupKey, FlowCounters) item)
        {
            if (_limit == 0)
            {
                _all.Add(item);
            }
            else if (_heap.Count < _limit)
            {
                _heap.Enqueue(item, item);
            }
            else if (Compare(item, _heap.Peek()) < 0)
            {
                _heap.EnqueueDequeue(item, item);
            }
        }

        public List<ResultRow> Result()
        {
            List<(GroupKey, FlowCounters)> items = _limit == 0 ? _all : [.. _heap.UnorderedItems.Select(x => x.Element)];
            items.Sort(this);
            var rows = new List<ResultRow>(items.Count);
            foreach ((GroupKey k, FlowCounters c) in items)
            {
                rows.Add(new ResultRow(k.Source, k.Destination, k.IsIPv6, k.Port, k.Protocol,
                    _plan.UseIface ? _interfaces[k.Interface] : null,
                    _plan.UseTime ? FlowDbLayout.FromNs(k.Time) : null, c));
            }

            return rows;
        }

        /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
        public int Compare((GroupKey Key, FlowCounters Counters) a, (GroupKey Key, FlowCounters Counters) b)
        {
            FlowQuery q = _plan.Query;
            int c;
            if (q.Sort == SortKey.Time)
            {
                c = a.Key.Time.CompareTo(b.Key.Time);
                if (c != 0)
                {
                    return q.Ascending ? c : -c;
                }
            }

            c = Metric(a.Counters).CompareTo(Metric(b.Counters));
            if (c != 0)
            {
                return q.Ascending ? c : -c;
            }

            return a.Key.CompareTo(b.Key);
        }

        private ulong Metric(FlowCounters c)
        {
            bool packets = _plan.Query.Sort == SortKey.Packets;
            return _plan.Query.Direction switch
            {
                Direction.In => packets ? c.PacketsReceived : c.BytesReceived,
                Direction.Out => packets ? c.PacketsSent : c.BytesSent,
                _ => packets ? c.Packets : c.Bytes,
            };
        }
    }
}
