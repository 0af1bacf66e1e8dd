using Weir.Engine.Flows;

namespace Weir.Engine.Synthetic;

/// <summary>
/// What a flow log must find in a capture made by <see cref="TrafficGenerator"/>, in the project's flow model.
/// </summary>
/// <remarks>
/// <para>
/// A flow is keyed by (source address, destination address, destination port, IP protocol), with no source
/// port, as goProbe keys it: every connection of one client to one server port adds into one flow. The
/// source is always the client, the side that opened the conversation (sent the TCP SYN, the UDP request or
/// first datagram, the ICMP echo request); the destination is the server and the destination port is the
/// server's port. ICMP and ICMPv6 flows have destination port 0.
/// </para>
/// <para>
/// <see cref="FlowCounters.BytesSent"/> and <see cref="FlowCounters.PacketsSent"/> count client-to-server
/// frames, <see cref="FlowCounters.BytesReceived"/> and <see cref="FlowCounters.PacketsReceived"/>
/// server-to-client frames. Bytes are original frame lengths (the wire length recorded in the capture, link
/// header and any 802.1Q tag included, Ethernet padding included, FCS excluded), so a snap length does not
/// change them. <see cref="FlowRecord.FirstSeenNs"/> and <see cref="FlowRecord.LastSeenNs"/> are the
/// timestamps of the flow's first and last frame; <see cref="FlowRecord.TcpFlags"/> is the union of the TCP
/// flags of its frames; <see cref="FlowRecord.DirectionConfident"/> is true for TCP (every connection starts
/// with a SYN in the capture) and ICMP echo (the request type says who asked), false for UDP, whose direction
/// a flow log can only take from port heuristics (the server port is always the well-known one).
/// </para>
/// <para>
/// A capture stops after the requested number of frames, wherever its conversations are: the last ones are
/// cut short (no FIN, an unanswered request), and the truth counts exactly the frames written.
/// </para>
/// </remarks>
public sealed partial class GeneratedTruth
{
    private readonly FlowRecord[] _flows;
    private readonly IpPairTotals[] _pairs;
    private Dictionary<FlowKey, int>? _index;

    /// <summary>Creates the truth from flows (sorted here by key) and totals; computes the pair totals.</summary>
    public GeneratedTruth(TrafficGeneratorOptions options, IEnumerable<FlowRecord> flows, GeneratedTotals totals)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flows);
        Options = options;
        _flows = [.. flows];
        Array.Sort(_flows, static (x, y) => x.Key.CompareTo(y.Key));
        _pairs = ComputePairs(_flows);
        Totals = totals;
    }

    /// <summary>The options the capture was generated with.</summary>
    public TrafficGeneratorOptions Options { get; }

    /// <summary>Every flow with at least one frame, in key order (IPv4 first, then source, destination, port, protocol).</summary>
    public IReadOnlyList<FlowRecord> Flows => _flows;

    /// <summary>Traffic per unordered pair of addresses, IPv4 first, ordered by the pair.</summary>
    public IReadOnlyList<IpPairTotals> Pairs => _pairs;

    /// <summary>Totals of the capture.</summary>
    public GeneratedTotals Totals { get; }

    /// <summary>Sum of the counters of all flows; equals the totals' bytes and packets.</summary>
    public FlowCounters FlowTotals
    {
        get
        {
            FlowCounters sum = default;
            foreach (FlowRecord flow in _flows)
            {
                sum += flow.Counters;
            }

            return sum;
        }
    }

    /// <summary>Finds the flow with <paramref name="key"/>.</summary>
    public bool TryGetFlow(FlowKey key, out FlowRecord flow)
    {
        _index ??= BuildIndex(_flows);
        if (_index.TryGetValue(key, out int i))
        {
            flow = _flows[i];
            return true;
        }

        flow = default;
        return false;
    }

    /// <summary>The <paramref name="count"/> flows with the most bytes (both ways), largest first, ties in key order.</summary>
    public IReadOnlyList<FlowRecord> TopFlowsByBytes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sorted = (FlowRecord[])_flows.Clone();
        Array.Sort(sorted, static (x, y) =>
        {
            int c = y.Counters.Bytes.CompareTo(x.Counters.Bytes);
            return c != 0 ? c : x.Key.CompareTo(y.Key);
        });
        return sorted.AsSpan(0, Math.Min(count, sorted.Length)).ToArray();
    }

    /// <summary>
    /// Compares flows a flow log produced with the truth, by key and counters (not timestamps, flags or
    /// confidence), and describes up to <paramref name="limit"/> differences: a flow missing, one not expected
    /// (often the same flow with client and server swapped), or different counters. Empty when they agree.
    /// Flows given more than once under one key are added together first, so rotated blocks can be passed in
    /// one sequence.
    /// </summary>
    public IReadOnlyList<string> Differences(IEnumerable<FlowRecord> actual, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var found = new Dictionary<FlowKey, FlowCounters>();
        foreach (FlowRecord flow in actual)
        {
            found[flow.Key] = found.TryGetValue(flow.Key, out FlowCounters sum) ? sum + flow.Counters : flow.Counters;
        }

        var differences = new List<string>();
        foreach (FlowRecord expected in _flows)
        {
            if (differences.Count >= limit)
            {
                return differences;
            }

            if (!found.Remove(expected.Key, out FlowCounters counters))
            {
                differences.Add($"missing {expected.Key} {expected.Counters}");
            }
            else if (counters != expected.Counters)
            {
                differences.Add($"{expected.Key}: expected {expected.Counters}, found {counters}");
            }
        }

        foreach (var (key, counters) in found.OrderBy(kv => kv.Key))
        {
            if (differences.Count >= limit)
            {
                break;
            }

            differences.Add($"unexpected {key} {counters}");
        }

        return differences;
    }

    private static Dictionary<FlowKey, int> BuildIndex(FlowRecord[] flows)
    {
        var index = new Dictionary<FlowKey, int>(flows.Length);
        for (int i = 0; i < flows.Length; i++)
        {
            index[flows[i].Key] = i;
        }

        return index;
    }

    private static IpPairTotals[] ComputePairs(FlowRecord[] flows)
    {
        var pairs = new Dictionary<(UInt128, UInt128, bool), (ulong Bytes, ulong Packets, int Flows)>();
        foreach (FlowRecord flow in flows)
        {
            UInt128 s = flow.Key.Source;
            UInt128 d = flow.Key.Destination;
            var key = s <= d ? (s, d, flow.Key.IsIPv6) : (d, s, flow.Key.IsIPv6);
            pairs.TryGetValue(key, out var sum);
            pairs[key] = (sum.Bytes + flow.Counters.Bytes, sum.Packets + flow.Counters.Packets, sum.Flows + 1);
        }

        var result = new IpPairTotals[pairs.Count];
        int i = 0;
        foreach (var (key, sum) in pairs)
        {
            result[i++] = new IpPairTotals(key.Item1, key.Item2, key.Item3, sum.Bytes, sum.Packets, sum.Flows);
        }

        Array.Sort(result, static (x, y) =>
        {
            int c = x.IsIPv6.CompareTo(y.IsIPv6);
            if (c != 0) return c;
            c = x.AddressA.CompareTo(y.AddressA);
            return c != 0 ? c : x.AddressB.CompareTo(y.AddressB);
        });
        return result;
    }
}
