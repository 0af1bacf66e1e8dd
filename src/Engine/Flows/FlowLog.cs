using System.Runtime.CompilerServices;
using Weir.Engine.Capture;
using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

/// <summary>
/// The flows of one interface during one rotation interval, counted packet by packet without allocation.
/// Not thread-safe: one capture thread owns a log (the capture actor's rule); <see cref="Rotate"/> hands the
/// interval over as an immutable <see cref="FlowBlock"/> and continues with an empty log.
/// </summary>
/// <remarks>
/// <para><b>Keys and direction.</b> A flow is keyed goProbe's way: (source address, destination address,
/// destination port, protocol), with no source port, oriented so that the source is the client and the
/// destination (and its port) the server. The orientation of a new flow is decided by <see cref="Classify"/>;
/// later packets of either direction land in the same flow because a packet is looked up under both its own
/// and its reversed key (reversed: destination, source, source port). When confident evidence (SYN, SYN-ACK,
/// ICMP request or reply) contradicts a flow whose orientation was only guessed, the flow is re-keyed to the
/// confident orientation and its counters move with it (sent and received swapped).</para>
/// <para><b>Counters.</b> Bytes are the frame's original length on the wire, link header included (as goProbe
/// and tshark count). <see cref="FlowCounters.BytesSent"/> / <see cref="FlowCounters.PacketsSent"/> count
/// packets from the flow's source (the client) to its destination (the server);
/// <see cref="FlowCounters.BytesReceived"/> / <see cref="FlowCounters.PacketsReceived"/> count packets from the
/// destination back to the source. goProbe instead chooses the counter by the capture direction of the
/// interface (a packet the host sent, <c>PacketOutgoing</c>, is "sent"; any other, including packets of
/// unknown direction, is "received"), while orienting the key by the same client/server heuristics. The two
/// agree when the capturing host is the client; Weir's convention keeps request and response volumes apart
/// also for captures without a direction (pcap files, mirror ports, routers).</para>
/// <para><b>Fragments.</b> Every first IP fragment is remembered, with its ports if it has any, in a small
/// bounded cache keyed by (source, destination, protocol, fragment id; entries expire after
/// <see cref="FlowLogOptions.FragmentTimeoutNs"/> or are replaced when the cache is full), so that later
/// fragments count into the same flow. A later
/// fragment whose first fragment was not seen (lost, reordered, expired) is still counted, into the portless
/// flow of its address pair and protocol, and tallied under <see cref="ParseIssue.OrphanFragment"/>; it is
/// not among <see cref="FlowLogStats.PacketsNotCounted"/>.</para>
/// </remarks>
public sealed partial class FlowLog
{
    private readonly FlowLogOptions _options;
    /// <summary>The fragment cache; swapped only while a merge replays packets (see <see cref="MergeFollowing"/>).</summary>
    private FragmentCache _fragments;

    /// <summary>The tables counted into now.</summary>
    private FlowLogTables _tables;

    /// <summary>
    /// How many ready sets <see cref="_ready"/> keeps at most. Two, so that in steady state three sets cycle (the
    /// one counted into, the one writeout holds, a ready one) and a rotation finds a full-size set even while
    /// writeout still holds the previous block; see <see cref="PrepareSpareTables"/>.
    /// </summary>
    internal const int MaxReadySets = 2;

    /// <summary>
    /// Sets of tables ready for the next interval (null slots are free): ones <see cref="FlowBlock"/>s gave back
    /// once their consumers were done with them, or ones <see cref="PrepareSpareTables"/> made on the thread pool.
    /// Taken by <see cref="Rotate"/> on the capture thread and filled by <see cref="Offer"/> on any thread, each
    /// slot by compare-and-swap: the capture thread never waits on a lock a descheduled thread holds.
    /// </summary>
    private readonly FlowLogTables?[] _ready = new FlowLogTables?[MaxReadySets];

    /// <summary>Sets handed out in blocks and not given back yet (written by the capture thread and the consumers).</summary>
    private int _outstanding;

    /// <summary>Table sets this log has made, its first included (for tests: in steady state it stops growing).</summary>
    private int _setsMade;

    /// <summary>1 while a spare set is being made on the thread pool.</summary>
    private int _preparingSpare;

    /// <summary>The parser's output when a merge recounts frames (<see cref="Add(in Frame)"/> parses into its pipeline instead).</summary>
    private ParsedPacket _scratch;

    /// <summary>The pipeline's slots (a power of two): <see cref="Add(in Frame)"/> keeps one fewer packets in flight, so that one is always free to parse into.</summary>
    private const int PipelineDepth = 8;

    /// <summary>
    /// Parsed packets whose counting is deferred (see <see cref="Add(in Frame)"/>), oldest at
    /// <see cref="_pendingHead"/>; everything that reads the tables or the totals counts them first.
    /// </summary>
    private readonly PendingPacket[] _pending = new PendingPacket[PipelineDepth];

    private int _pendingHead;
    private int _pendingCount;

    /// <summary>Running sums of the counters of all flows in the current interval (times and flags unused).</summary>
    private FlowEntry _totals;

    private long _processed;
    private long _notCounted;
    private long _bytesProcessed;
    private long _localDropped;
    private long[] _issues = new long[ParseIssues.Count];

    /// <summary>Creates a log with <see cref="FlowLogOptions.Default"/>.</summary>
    public FlowLog()
        : this(FlowLogOptions.Default)
    {
    }

    /// <summary>Creates a log with <paramref name="options"/>.</summary>
    public FlowLog(FlowLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InitialCapacity);
        _options = options;
        _fragments = new FragmentCache(options.FragmentCacheCapacity, options.FragmentTimeoutNs);
        _tables = NewTables(options.InitialCapacity, options.InitialCapacity);
    }

    /// <summary>The tables counted into now (for tests of the rotation hand-over).</summary>
    internal FlowLogTables Tables
    {
        get
        {
            CountPending();
            return _tables;
        }
    }

    /// <summary>Whether a set of tables at least as large as the current one is ready for the next interval (for tests).</summary>
    internal bool HasReadyTables => ReadyHoldingAsMuchAs(Tables) > 0;

    /// <summary>The slot counts (<see cref="FlowLogTables.Capacity"/>) of the ready sets, largest first (for tests).</summary>
    internal long[] ReadyCapacities =>
        [.. _ready.Select(slot => Volatile.Read(ref slot)).OfType<FlowLogTables>().Select(t => t.Capacity).OrderDescending()];

    /// <summary>Table sets this log has made so far, its first included (for tests).</summary>
    internal int TableSetsMade => Volatile.Read(ref _setsMade);

    /// <summary>Sets handed out in blocks and not given back yet (for tests).</summary>
    internal int OutstandingSets => Volatile.Read(ref _outstanding);

    /// <summary>Whether a spare set is being made on the thread pool (for tests).</summary>
    internal bool PreparingSpare => Volatile.Read(ref _preparingSpare) != 0;

    /// <summary>Number of flows (IPv4 and IPv6) in the current interval.</summary>
    public int Count
    {
        get
        {
            CountPending();
            return _tables.Count;
        }
    }

    /// <summary>Sum of the counters of all flows in the current interval.</summary>
    public FlowCounters Totals
    {
        get
        {
            CountPending();
            return _totals.Counters;
        }
    }

    /// <summary>Packet accounting of the current interval (a snapshot; allocates).</summary>
    public FlowLogStats Stats
    {
        get
        {
            CountPending();
            return StatsCore;
        }
    }

    private FlowLogStats StatsCore =>
        new(_processed, _processed - _notCounted, _notCounted, _bytesProcessed, (long)_totals.Counters.Bytes, _localDropped, (long[])_issues.Clone());

    /// <summary>The current count of <paramref name="issue"/> (no allocation).</summary>
    public long IssueCount(ParseIssue issue) => (int)issue < _issues.Length ? _issues[(int)issue] : 0;

    /// <summary>Grows the tables now so that <paramref name="flowsPerFamily"/> IPv4 and as many IPv6 flows fit without growing while packets arrive.</summary>
    public void EnsureCapacity(int flowsPerFamily)
    {
        CountPending();
        _tables.V4.EnsureCapacity(flowsPerFamily);
        _tables.V6.EnsureCapacity(flowsPerFamily);
    }

    /// <summary>
    /// Parses <paramref name="frame"/> and counts it. Returns <see cref="ParseIssue.None"/> when it was counted
    /// into a flow, <see cref="ParseIssue.OrphanFragment"/> when it was counted into a portless flow (see the
    /// remarks), or the reason it was not counted (then tallied in <see cref="Stats"/>).
    /// </summary>
    /// <remarks>
    /// Counting is pipelined by a few packets: this call parses the frame, decides its orientation and asks the CPU
    /// to fetch the table slot its flow is in under that orientation, then counts the frame of a few calls ago,
    /// whose slot has been loading meanwhile. With more flows than fit in the cache, the slot load is what a packet
    /// costs; overlapping it with the next parses hides most of it. The result is the same as counting at once (a
    /// packet that is not a fragment is always counted, so its result is known now; fragments, whose result
    /// depends on the fragment cache, are counted at once), and every member that reads the tables, counters or
    /// stats counts the pending packets first.
    /// </remarks>
    public ParseIssue Add(in Frame frame)
    {
        // Parsed straight into the next free pipeline slot (one is always free between calls), so the parsed
        // packet is never copied.
        PendingPacket[] pending = _pending;
        ref PendingPacket next = ref pending[(_pendingHead + _pendingCount) & (PipelineDepth - 1)];
        ParseIssue issue = PacketParser.Parse(frame.Data, frame.LinkType, ref next.Packet);
        if (issue != ParseIssue.None)
        {
            return NotCounted(issue, frame.OriginalLength);
        }

        if (next.Packet.IsFragment)
        {
            CountPending();
            return AddCore(in next.Packet, frame.TimestampNs, frame.OriginalLength, frame.Direction);
        }

        // Only the preferred orientation's slot is fetched: it is where the flow is unless an earlier packet
        // oriented it the other way (rare: equal ports, or a guess a handshake overturns).
        (ushort sourcePort, ushort destinationPort) = PortsOf(in next.Packet);
        FlowOrientation orientation = Classify(in next.Packet, sourcePort, destinationPort, next.Packet.HasPorts, next.Packet.TcpFlags, frame.Direction, _options.UseCaptureDirection);
        next.Hash = PreferredHash(in next.Packet, sourcePort, destinationPort, orientation);
        next.Orientation = orientation;
        PrefetchSlot(in next.Packet, next.Hash);
        next.TimestampNs = frame.TimestampNs;
        next.OriginalLength = frame.OriginalLength;
        if (++_pendingCount == PipelineDepth)
        {
            CountPrepared(ref pending[_pendingHead]);
            _pendingHead = (_pendingHead + 1) & (PipelineDepth - 1);
            _pendingCount--;
        }

        return ParseIssue.None;
    }

    /// <summary>Counts, in arrival order, the packets <see cref="Add(in Frame)"/> deferred.</summary>
    private void CountPending()
    {
        while (_pendingCount > 0)
        {
            CountPrepared(ref _pending[_pendingHead]);
            _pendingHead = (_pendingHead + 1) & (PipelineDepth - 1);
            _pendingCount--;
        }
    }

    /// <summary>
    /// A parsed packet, not a fragment, waiting in the pipeline with what counting it needs of its frame, its
    /// orientation and the hash of its preferred key (under the current tables' seed: the tables are never
    /// swapped while packets are pending).
    /// </summary>
    private struct PendingPacket
    {
        public ParsedPacket Packet;
        public long TimestampNs;
        public ulong Hash;
        public int OriginalLength;
        public FlowOrientation Orientation;
    }

    /// <summary>A packet's own ports, 0 without ports (what its keys carry unless it is a later fragment).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ushort Source, ushort Destination) PortsOf(in ParsedPacket packet) =>
        packet.HasPorts ? (packet.SourcePort, packet.DestinationPort) : ((ushort)0, (ushort)0);

    /// <summary>The hash, in its family's table, of the key <paramref name="orientation"/> prefers for <paramref name="packet"/> with these ports.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong PreferredHash(in ParsedPacket packet, ushort sourcePort, ushort destinationPort, FlowOrientation orientation)
    {
        bool forward = (orientation & FlowOrientation.Reverse) == 0;
        if (packet.IsIPv6)
        {
            return forward
                ? _tables.V6.HashOf(new FlowKeyV6(packet.Source, packet.Destination, destinationPort, packet.Protocol))
                : _tables.V6.HashOf(new FlowKeyV6(packet.Destination, packet.Source, sourcePort, packet.Protocol));
        }

        return forward
            ? _tables.V4.HashOf(new FlowKeyV4((uint)packet.Source, (uint)packet.Destination, destinationPort, packet.Protocol))
            : _tables.V4.HashOf(new FlowKeyV4((uint)packet.Destination, (uint)packet.Source, sourcePort, packet.Protocol));
    }

    /// <summary>Starts loading the slot of the key whose hash is <paramref name="hash"/> in <paramref name="packet"/>'s family's table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchSlot(in ParsedPacket packet, ulong hash)
    {
        if (packet.IsIPv6)
        {
            _tables.V6.Prefetch(hash);
        }
        else
        {
            _tables.V4.Prefetch(hash);
        }
    }

    /// <summary>Counts a packet <see cref="Add(in Frame)"/> classified and hashed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountPrepared(ref PendingPacket pending)
    {
        _processed++;
        _bytesProcessed += pending.OriginalLength;
        (ushort sourcePort, ushort destinationPort) = PortsOf(in pending.Packet);
        CountOriented(in pending.Packet, sourcePort, destinationPort, pending.Orientation, pending.Hash, (ulong)pending.OriginalLength, pending.TimestampNs, pending.Packet.TcpFlags);
    }

    /// <summary>
    /// Counts <paramref name="packet"/> with these ports and flags under its forward and reverse keys, the one
    /// <paramref name="orientation"/> prefers (whose hash is <paramref name="preferredHash"/>) looked up first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountOriented(in ParsedPacket packet, ushort sourcePort, ushort destinationPort, FlowOrientation orientation, ulong preferredHash, ulong bytes, long timestampNs, byte tcpFlags)
    {
        if (packet.IsIPv6)
        {
            CountInto(_tables.V6,
                new FlowKeyV6(packet.Source, packet.Destination, destinationPort, packet.Protocol),
                new FlowKeyV6(packet.Destination, packet.Source, sourcePort, packet.Protocol),
                orientation, preferredHash, bytes, timestampNs, tcpFlags);
        }
        else
        {
            CountInto(_tables.V4,
                new FlowKeyV4((uint)packet.Source, (uint)packet.Destination, destinationPort, packet.Protocol),
                new FlowKeyV4((uint)packet.Destination, (uint)packet.Source, sourcePort, packet.Protocol),
                orientation, preferredHash, bytes, timestampNs, tcpFlags);
        }
    }

    /// <summary>
    /// Counts an already parsed packet of <paramref name="originalLength"/> bytes on the wire, captured at
    /// <paramref name="timestampNs"/> (nanoseconds since the Unix epoch) in capture direction
    /// <paramref name="direction"/>.
    /// </summary>
    public void Add(in ParsedPacket packet, long timestampNs, int originalLength, PacketDirection direction)
    {
        CountPending();
        AddCore(in packet, timestampNs, originalLength, direction);
    }

    /// <summary>
    /// Tallies a frame that never reached the log, such as one dropped because the local buffer was full
    /// (<see cref="ParseIssue.LocalBufferFull"/>, which also counts into <see cref="FlowBlockStats.LocalDropped"/>).
    /// It is not counted as processed.
    /// </summary>
    public void CountDropped(ParseIssue reason)
    {
        if ((int)reason < _issues.Length)
        {
            _issues[(int)reason]++;
        }

        if (reason == ParseIssue.LocalBufferFull)
        {
            _localDropped++;
        }
    }

    /// <summary>
    /// Copies the current interval into a block, leaving the log unchanged (for live queries). O(flows) and
    /// allocates the block's records.
    /// </summary>
    public FlowBlock Aggregate(string interfaceName, DateTimeOffset start, DateTimeOffset end, long kernelDropped = 0)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        CountPending();
        var records = new FlowRecord[_tables.Count];
        int n = _tables.CopyTo(records);
        return new FlowBlock(interfaceName, start, end, records, n, _totals.Counters, BlockStats(kernelDropped), (long[])_issues.Clone());
    }

    /// <summary>
    /// Ends the interval: returns its flows and accounting as an immutable <see cref="FlowBlock"/> and starts an
    /// empty log, in O(1). The block takes the current tables as they are (their records are copied out the
    /// first time <see cref="FlowBlock.Records"/> is read, on the consumer's thread, after which the tables come
    /// back to this log for reuse, as they do on <see cref="FlowBlock.Release"/>); the log continues with a ready
    /// set of tables (given back, or made by <see cref="PrepareSpareTables"/>: the smallest that holds as much as
    /// the interval just ended, else the largest), or a new small set when none is ready. The fragment cache is
    /// kept, since a datagram's fragments may straddle the boundary. <paramref name="kernelDropped"/> is recorded
    /// in the block's stats.
    /// </summary>
    public FlowBlock Rotate(string interfaceName, DateTimeOffset start, DateTimeOffset end, long kernelDropped = 0)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        CountPending();
        FlowLogTables old = _tables;
        FlowLogTables next = TakeReady(old) ?? NewTables(_options.InitialCapacity, _options.InitialCapacity);
        next.Clear();
        Interlocked.Increment(ref _outstanding);
        var block = new FlowBlock(interfaceName, start, end, old, _totals.Counters, BlockStats(kernelDropped), _issues);
        _tables = next;
        _totals = default;
        _processed = 0;
        _notCounted = 0;
        _bytesProcessed = 0;
        _localDropped = 0;
        _issues = new long[ParseIssues.Count];
        return block;
    }

    /// <summary>
    /// Makes a set of tables as large as the current one on the thread pool (allocated and its pages touched
    /// there) when the next rotation might otherwise start the new interval with smaller tables, which would then
    /// grow and rehash every flow on the capture thread (100+ ms at a million flows). Call it on the capture
    /// thread, between batches: it is O(1) when nothing is needed. Returns whether a spare set is being made.
    /// </summary>
    /// <remarks>
    /// A set is made when no ready set holds as much as the current one, or when only one does and no block
    /// is out to give one back. So with a writeout that gives each block back within the interval, three sets
    /// cycle and none is made or dropped per rotation: at a rotation two are ready, one becomes the current set,
    /// the other stays ready while writeout holds the block just rotated, and that block's set comes back as the
    /// second. A rotation therefore finds a full-size set even when writeout still holds the previous block. The
    /// cost is memory: three sets instead of two, about 1.5 times the table memory of the old scheme (a million
    /// IPv4 flows take 2^21 slots of 64 bytes, 128 MB a set). When writeout falls behind (a slow disk) each
    /// queued block keeps its set, as before; the log then makes only the sets writeout has not given back yet,
    /// off the capture thread, and when they do come back <see cref="Offer"/> keeps the two largest.
    /// </remarks>
    public bool PrepareSpareTables()
    {
        if (Volatile.Read(ref _preparingSpare) != 0)
        {
            return false;
        }

        int ready = ReadyHoldingAsMuchAs(_tables);
        if (ready >= MaxReadySets || (ready == 1 && Volatile.Read(ref _outstanding) > 0))
        {
            return false;
        }

        int flows4 = FlowTable<FlowKeyV4>.ThresholdFor(_tables.V4.Capacity);
        int flows6 = FlowTable<FlowKeyV6>.ThresholdFor(_tables.V6.Capacity);
        Volatile.Write(ref _preparingSpare, 1);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                (FlowLog log, int f4, int f6) = state;
                try
                {
                    FlowLogTables spare = log.NewTables(f4, f6);
                    spare.V4.Touch();
                    spare.V6.Touch();
                    log.Offer(spare);
                }
                finally
                {
                    Volatile.Write(ref log._preparingSpare, 0);
                }
            },
            (this, flows4, flows6),
            preferLocal: false);
        return true;
    }

    /// <summary>Takes back tables a block's consumer is done with (<see cref="FlowBlock.Release"/>, or its records copied out). Called from the consumer's thread.</summary>
    internal void Recycle(FlowLogTables tables)
    {
        Interlocked.Decrement(ref _outstanding);
        Offer(tables);
    }

    /// <summary>Makes a set and counts it.</summary>
    private FlowLogTables NewTables(int flows4, int flows6)
    {
        Interlocked.Increment(ref _setsMade);
        return new FlowLogTables(this, flows4, flows6);
    }

    /// <summary>How many ready sets hold as much as <paramref name="tables"/>.</summary>
    private int ReadyHoldingAsMuchAs(FlowLogTables tables)
    {
        int n = 0;
        foreach (ref FlowLogTables? slot in _ready.AsSpan())
        {
            if (Volatile.Read(ref slot) is { } ready && ready.HoldsAsMuchAs(tables))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Takes the ready set for the interval after <paramref name="ended"/>: the smallest that holds as much (the
    /// larger stays for a growing interval), else the largest; null when none is ready.
    /// </summary>
    private FlowLogTables? TakeReady(FlowLogTables ended)
    {
        FlowLogTables?[] slots = _ready;
        while (true)
        {
            int best = -1;
            FlowLogTables? chosen = null;
            for (int i = 0; i < slots.Length; i++)
            {
                if (Volatile.Read(ref slots[i]) is not { } candidate)
                {
                    continue;
                }

                if (chosen is null || Better(candidate, chosen, ended))
                {
                    best = i;
                    chosen = candidate;
                }
            }

            if (chosen is null)
            {
                return null;
            }

            // A consumer may have swapped that slot meanwhile (a larger set for a smaller one): look again.
            if (Interlocked.CompareExchange(ref slots[best], null, chosen) == chosen)
            {
                return chosen;
            }
        }
    }

    /// <summary>Whether <paramref name="candidate"/> suits the interval after <paramref name="ended"/> better than <paramref name="chosen"/>.</summary>
    private static bool Better(FlowLogTables candidate, FlowLogTables chosen, FlowLogTables ended)
    {
        bool fits = candidate.HoldsAsMuchAs(ended);
        bool chosenFits = chosen.HoldsAsMuchAs(ended);
        if (fits != chosenFits)
        {
            return fits;
        }

        // Both fit: the smaller leaves the larger for a growing interval. Neither fits: the larger grows least.
        return fits ? candidate.Capacity < chosen.Capacity : candidate.Capacity > chosen.Capacity;
    }

    /// <summary>
    /// Puts <paramref name="tables"/> among the ready sets: into a free slot, else in place of the smallest ready
    /// set if that is smaller; otherwise it is dropped (garbage). Any thread.
    /// </summary>
    private void Offer(FlowLogTables tables)
    {
        FlowLogTables?[] slots = _ready;
        while (true)
        {
            int smallest = -1;
            FlowLogTables? smallestSet = null;
            for (int i = 0; i < slots.Length; i++)
            {
                FlowLogTables? current = Volatile.Read(ref slots[i]);
                if (current is null)
                {
                    smallest = i;
                    smallestSet = null;
                    break;
                }

                if (smallestSet is null || current.Capacity < smallestSet.Capacity)
                {
                    smallest = i;
                    smallestSet = current;
                }
            }

            if (smallestSet is not null && smallestSet.Capacity >= tables.Capacity)
            {
                // More sets came back than the pool keeps, and this one is the smallest: the ones kept spare
                // the next intervals their growth at least as well.
                return;
            }

            if (Interlocked.CompareExchange(ref slots[smallest], tables, smallestSet) == smallestSet)
            {
                return;
            }
        }
    }

    private FlowBlockStats BlockStats(long kernelDropped) => new(_processed, _notCounted, kernelDropped, _localDropped);

    private ParseIssue NotCounted(ParseIssue issue, int originalLength)
    {
        _processed++;
        _notCounted++;
        _bytesProcessed += originalLength;
        if ((int)issue < _issues.Length)
        {
            _issues[(int)issue]++;
        }

        return issue;
    }

    private ParseIssue AddCore(in ParsedPacket packet, long timestampNs, int originalLength, PacketDirection direction)
    {
        _processed++;
        _bytesProcessed += originalLength;
        ushort sourcePort = packet.SourcePort;
        ushort destinationPort = packet.DestinationPort;
        bool hasPorts = packet.HasPorts;
        byte tcpFlags = packet.TcpFlags;
        ParseIssue result = ParseIssue.None;
        if (packet.IsFragment)
        {
            result = AttributeFragment(in packet, timestampNs, ref sourcePort, ref destinationPort, ref hasPorts, ref tcpFlags);
        }

        if (!hasPorts)
        {
            sourcePort = 0;
            destinationPort = 0;
        }

        FlowOrientation orientation = Classify(in packet, sourcePort, destinationPort, hasPorts, tcpFlags, direction, _options.UseCaptureDirection);
        CountOriented(in packet, sourcePort, destinationPort, orientation, PreferredHash(in packet, sourcePort, destinationPort, orientation), (ulong)originalLength, timestampNs, tcpFlags);
        return result;
    }

    /// <summary>Remembers a first fragment, or gives a later fragment the ports (if any) of its first one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ParseIssue AttributeFragment(in ParsedPacket packet, long timestampNs, ref ushort sourcePort, ref ushort destinationPort, ref bool hasPorts, ref byte tcpFlags)
    {
        if (packet.FragmentOffset == 0)
        {
            // Remembered also without ports (ICMP, ESP, a cut-short header), so that the later fragments
            // are known not to be orphans; they then count into the same portless flow.
            _fragments.Remember(in packet, hasPorts, timestampNs);
            return ParseIssue.None;
        }

        // A later fragment holds no transport header: whatever the parser left in the flags is payload.
        tcpFlags = 0;
        if (_fragments.TryGet(in packet, timestampNs, out hasPorts, out sourcePort, out destinationPort))
        {
            return ParseIssue.None;
        }

        hasPorts = false;
        _issues[(int)ParseIssue.OrphanFragment]++;
        _orphanPairs?.Add(FlowPair.Unordered(packet.Source, packet.Destination, packet.Protocol, packet.IsIPv6));
        return ParseIssue.OrphanFragment;
    }

    /// <summary>
    /// Counts one packet into <paramref name="table"/>. <paramref name="forward"/> is the packet's own key
    /// (its source as the flow source), <paramref name="reverse"/> the key with the ends swapped; the one
    /// <paramref name="orientation"/> prefers (its hash <paramref name="preferredHash"/>) is looked up first, so that usually one probe finds the flow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountInto<TKey>(FlowTable<TKey> table, in TKey forward, in TKey reverse, FlowOrientation orientation, ulong preferredHash, ulong bytes, long timestampNs, byte tcpFlags)
        where TKey : unmanaged, IFlowTableKey<TKey>
    {
        bool packetForward = (orientation & FlowOrientation.Reverse) == 0;
        bool confident = (orientation & FlowOrientation.Confident) != 0;
        int i = table.Find(packetForward ? forward : reverse, preferredHash);
        if (i >= 0)
        {
            // Found in the preferred orientation: a packet from the flow source is "sent" exactly when the preferred key is the forward one.
            ref FlowEntry entry = ref table.EntryAt(i);
            entry.Count(packetForward, bytes, timestampNs, tcpFlags);
            entry.DirectionConfident |= confident;
            _totals.CountBytes(packetForward, bytes);
            return;
        }

        CountIntoSlow(table, forward, reverse, packetForward, confident, bytes, timestampNs, tcpFlags);
    }

    /// <summary>The flow is not under the preferred key: it is under the other, or new.</summary>
    private void CountIntoSlow<TKey>(FlowTable<TKey> table, in TKey forward, in TKey reverse, bool packetForward, bool confident, ulong bytes, long timestampNs, byte tcpFlags)
        where TKey : unmanaged, IFlowTableKey<TKey>
    {
        TKey preferred = packetForward ? forward : reverse;
        TKey other = packetForward ? reverse : forward;
        int i = table.Find(other);
        if (i >= 0)
        {
            ref FlowEntry entry = ref table.EntryAt(i);
            if (!confident || entry.DirectionConfident)
            {
                // The existing orientation stands (a guess does not overturn anything; the first confident verdict wins).
                entry.Count(!packetForward, bytes, timestampNs, tcpFlags);
                _totals.CountBytes(!packetForward, bytes);
                return;
            }

            // Evidence contradicts a guessed orientation: re-key the flow, its counters seen from the other end.
            FlowEntry moved = entry.Reversed();
            _totals.BytesSent += moved.BytesSent - entry.BytesSent;
            _totals.BytesReceived += moved.BytesReceived - entry.BytesReceived;
            _totals.PacketsSent += moved.PacketsSent - entry.PacketsSent;
            _totals.PacketsReceived += moved.PacketsReceived - entry.PacketsReceived;
            table.RemoveAt(i);
            i = table.Insert(preferred);
            ref FlowEntry rekeyed = ref table.EntryAt(i);
            rekeyed = moved;
            rekeyed.DirectionConfident = true;
            rekeyed.Count(packetForward, bytes, timestampNs, tcpFlags);
            _totals.CountBytes(packetForward, bytes);
            return;
        }

        i = table.Insert(preferred);
        ref FlowEntry created = ref table.EntryAt(i);
        created.Start(timestampNs);
        created.DirectionConfident = confident;
        created.Count(packetForward, bytes, timestampNs, tcpFlags);
        _totals.CountBytes(packetForward, bytes);
    }
}
