using Weir.Engine.Capture;
using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

public sealed partial class FlowLog
{
    /// <summary>
    /// Address pairs of the orphan fragments this log counted, kept when the log counts a part of a capture that
    /// follows another part (<see cref="TrackOrphanPairs"/>): their first fragments may be in the part before.
    /// </summary>
    private HashSet<FlowPair>? _orphanPairs;

    /// <summary>Remembers the address pair of every orphan fragment from now on (for <see cref="MergeFollowing"/>).</summary>
    internal void TrackOrphanPairs() => _orphanPairs ??= [];

    /// <summary>
    /// Adds <paramref name="later"/>, a log that counted the part of a capture that follows the part this log
    /// counted, so that this log ends as if it had counted both parts in order.
    /// </summary>
    /// <remarks>
    /// Counting is stateful only within an unordered address pair and protocol (a packet is looked up under its
    /// own and its reversed key, and a confident packet re-keys a guessed flow), and only through keys that are
    /// oriented opposite ways. So a pair whose keys face the same way in both logs merges key by key exactly, and
    /// only the pairs that face both ways across the two logs — and those of orphan fragments, whose first
    /// fragments may lie in this log's part — are counted again: <paramref name="replay"/> opens the later part
    /// once more and just those pairs' packets are counted on top of this log, in order, with the fragment
    /// cache of <paramref name="predecessor"/> (the log of the part just before <paramref name="later"/>'s).
    /// The per-packet accounting (processed, not counted and their reasons) does not depend on order and is
    /// summed. <paramref name="later"/> must have had <see cref="TrackOrphanPairs"/> on; it is consumed.
    /// <para><paramref name="facing"/>, when given, holds <see cref="CollectPairHashes"/> of every log merged into this
    /// one so far (this log's own when nothing was merged yet): then this log's pairs need not be collected again, and
    /// the sets can be made on the counting threads. A superset only recounts more, which changes nothing, so the
    /// pairs recounted here are added to it in both orientations (a recount may leave a pair facing a way neither log
    /// had it), and so is <paramref name="later"/>'s own set by the caller before the next merge.</para>
    /// </remarks>
    /// <returns>The number of packets counted again.</returns>
    internal long MergeFollowing(FlowLog later, FlowLog predecessor, Func<ICaptureSource> replay, List<HashSet<ulong>>? facing = null)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (later._orphanPairs is null)
        {
            throw new InvalidOperationException("the later log must track its orphan fragments");
        }

        CountPending();
        later.CountPending();
        facing ??= [CollectPairHashes()];
        HashSet<FlowPair> recount = later._orphanPairs;
        FindOpposed(later._tables.V4, facing, recount);
        FindOpposed(later._tables.V6, facing, recount);

        MergeTable(_tables.V4, later._tables.V4, recount);
        MergeTable(_tables.V6, later._tables.V6, recount);
        long recounted = 0;
        long recountedBytes = 0;
        if (recount.Count > 0)
        {
            (recounted, recountedBytes) = Recount(replay, recount, predecessor._fragments);
            var bothWays = new HashSet<ulong>(recount.Count * 2);
            foreach (FlowPair pair in recount)
            {
                bothWays.Add(pair.Hash);
                bothWays.Add(pair.Reversed.Hash);
            }

            facing.Add(bothWays);
        }

        for (int i = 0; i < _issues.Length; i++)
        {
            _issues[i] += later._issues[i];
        }

        // Every orphan of the later log is in a recounted pair, and the recount has counted those afresh.
        _issues[(int)ParseIssue.OrphanFragment] -= later._issues[(int)ParseIssue.OrphanFragment];
        _processed += later._processed - recounted;
        _bytesProcessed += later._bytesProcessed - recountedBytes;
        _notCounted += later._notCounted;
        _localDropped += later._localDropped;
        _totals = SumEntries();
        return recounted;
    }

    /// <summary>
    /// The hashes of the oriented address pairs (with protocol) of this log's flows, for <see cref="MergeFollowing"/>.
    /// Hashes, not pairs: a collision only recounts a pair that needed none, which changes nothing, and a set of
    /// integers is several times cheaper to fill and probe than one of pairs.
    /// </summary>
    internal HashSet<ulong> CollectPairHashes()
    {
        CountPending();
        var pairs = new HashSet<ulong>(Count);
        CollectPairs(_tables.V4, pairs);
        CollectPairs(_tables.V6, pairs);
        return pairs;
    }

    private static void CollectPairs<TKey>(FlowTable<TKey> table, HashSet<ulong> into)
        where TKey : unmanaged, IFlowTableKey<TKey>
    {
        for (int i = table.NextOccupied(0); i >= 0; i = table.NextOccupied(i + 1))
        {
            into.Add(table.KeyAt(i).Pair.Hash);
        }
    }

    /// <summary>Adds to <paramref name="opposed"/> the unordered pairs of keys in <paramref name="later"/> that one of <paramref name="earlier"/> holds facing the other way.</summary>
    private static void FindOpposed<TKey>(FlowTable<TKey> later, List<HashSet<ulong>> earlier, HashSet<FlowPair> opposed)
        where TKey : unmanaged, IFlowTableKey<TKey>
    {
        for (int i = later.NextOccupied(0); i >= 0; i = later.NextOccupied(i + 1))
        {
            FlowPair pair = later.KeyAt(i).Pair;
            // A host talking to itself is its own reverse, so it is recounted whenever both logs hold it: its keys
            // differ only in which end's port they carry.
            ulong reversed = pair.Reversed.Hash;
            foreach (HashSet<ulong> set in earlier)
            {
                if (set.Contains(reversed))
                {
                    opposed.Add(pair.WithoutOrientation);
                    break;
                }
            }
        }
    }

    /// <summary>Adds each flow of <paramref name="later"/> under its own key, except those of the pairs to recount.</summary>
    private static void MergeTable<TKey>(FlowTable<TKey> into, FlowTable<TKey> later, HashSet<FlowPair> recount)
        where TKey : unmanaged, IFlowTableKey<TKey>
    {
        bool skipSome = recount.Count > 0;
        for (int i = later.NextOccupied(0); i >= 0; i = later.NextOccupied(i + 1))
        {
            ref readonly TKey key = ref later.KeyAt(i);
            if (skipSome && recount.Contains(key.Pair.WithoutOrientation))
            {
                continue;
            }

            int at = into.Find(key);
            if (at >= 0)
            {
                into.EntryAt(at).Add(in later.EntryAt(i));
            }
            else
            {
                at = into.Insert(key);
                into.EntryAt(at) = later.EntryAt(i);
            }
        }
    }

    /// <summary>Counts the packets of <paramref name="pairs"/> in the part <paramref name="replay"/> opens; returns their number and bytes.</summary>
    private (long Packets, long Bytes) Recount(Func<ICaptureSource> replay, HashSet<FlowPair> pairs, FragmentCache fragments)
    {
        FragmentCache own = _fragments;
        long processed = _processed;
        long bytes = _bytesProcessed;
        _fragments = fragments;
        try
        {
            using ICaptureSource source = replay();
            var handler = new RecountHandler(this, pairs);
            try
            {
                while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                {
                }
            }
            catch (CaptureFileException)
            {
                // The part ends in the error its first reading reported; what came before it is what counts.
            }
        }
        finally
        {
            _fragments = own;
        }

        return (_processed - processed, _bytesProcessed - bytes);
    }

    /// <summary>Counts a frame again when its address pair is one being recounted.</summary>
    private void RecountFrame(in Frame frame, HashSet<FlowPair> pairs)
    {
        if (PacketParser.Parse(frame.Data, frame.LinkType, ref _scratch) == ParseIssue.None
            && pairs.Contains(FlowPair.Unordered(_scratch.Source, _scratch.Destination, _scratch.Protocol, _scratch.IsIPv6)))
        {
            AddCore(in _scratch, frame.TimestampNs, frame.OriginalLength, frame.Direction);
        }
    }

    /// <summary>The sum of every flow's counters (what <see cref="_totals"/> keeps running).</summary>
    private FlowEntry SumEntries()
    {
        FlowEntry sum = default;
        Sum(_tables.V4, ref sum);
        Sum(_tables.V6, ref sum);
        return sum;

        static void Sum<TKey>(FlowTable<TKey> table, ref FlowEntry sum)
            where TKey : unmanaged, IFlowTableKey<TKey>
        {
            for (int i = table.NextOccupied(0); i >= 0; i = table.NextOccupied(i + 1))
            {
                ref FlowEntry e = ref table.EntryAt(i);
                sum.BytesSent += e.BytesSent;
                sum.BytesReceived += e.BytesReceived;
                sum.PacketsSent += e.PacketsSent;
                sum.PacketsReceived += e.PacketsReceived;
            }
        }
    }

    private readonly struct RecountHandler(FlowLog log, HashSet<FlowPair> pairs) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => log.RecountFrame(in frame, pairs);
    }
}
