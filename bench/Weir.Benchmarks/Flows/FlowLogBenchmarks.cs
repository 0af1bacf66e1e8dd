using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Benchmarks.Flows;

/// <summary>
/// Flow-table update alone (the parser is measured separately): pre-parsed packets, both directions of each
/// connection, counted into a log that already holds every flow. One operation = one packet.
/// <see cref="Burst"/> 1 shuffles every packet (consecutive packets hit unrelated flows: no cache locality to
/// flatter the table); 8 keeps runs of 8 consecutive packets of one flow, as TCP windows and batched ring
/// reads deliver them. The pre-parsed input is kept as small as the flow count allows (16 Ki packets, 1 MiB,
/// for 10 000 flows without bursts; at most 1 Mi packets), since a real capture loop parses each frame into one hot
/// scratch struct rather than streaming packets from memory.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FlowLogBenchmarks
{
    private const int PacketsPerInvoke = 1 << 20;

    private FlowLog _log = null!;
    private ParsedPacket[] _packets = null!;
    private Dictionary<FlowKey, FlowCounters> _dictionary = null!;

    /// <summary>Flows in the table while packets are counted.</summary>
    [Params(10_000, 1_000_000)]
    public int ActiveFlows { get; set; }

    /// <summary>Consecutive packets of one flow.</summary>
    [Params(1, 8)]
    public int Burst { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Create every flow first (one packet each), then build the measured input, which for bursts and a
        // million flows touches a subset of them; the table holds all of them either way.
        _log = new FlowLog();
        _log.EnsureCapacity(ActiveFlows);
        foreach (ParsedPacket p in FlowBenchmarkTraffic.Packets(ActiveFlows, ActiveFlows, seed: 1, burst: 1))
        {
            _log.Add(in p, 0, 128, PacketDirection.Unknown);
        }

        long wanted = Math.Max(16_384L, (long)ActiveFlows * Burst);
        int distinct = (int)Math.Min(PacketsPerInvoke, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted));
        _packets = FlowBenchmarkTraffic.Packets(ActiveFlows, distinct, seed: 1, Burst);
        for (int round = 0; round < 2; round++)
        {
            Update();
        }

        if (_log.Count != ActiveFlows)
        {
            throw new InvalidOperationException($"{_log.Count} flows instead of {ActiveFlows}");
        }

        _dictionary = new Dictionary<FlowKey, FlowCounters>(ActiveFlows);
        foreach (FlowRecord r in _log.Aggregate("bench", default, default).Records)
        {
            _dictionary.Add(r.Key, default);
        }

        DictionaryUpdate();
    }

    /// <summary>
    /// The peer: the same packets counted into a <see cref="Dictionary{TKey, TValue}"/> keyed by the public
    /// <see cref="FlowKey"/>, looking up the packet's key and then its reverse (no direction rules, no fragment
    /// handling, no totals): what a straightforward flow table costs.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerInvoke)]
    public void DictionaryUpdate()
    {
        Dictionary<FlowKey, FlowCounters> flows = _dictionary;
        ParsedPacket[] packets = _packets;
        int mask = packets.Length - 1;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            ref ParsedPacket p = ref packets[i & mask];
            var forward = new FlowKey(p.Source, p.Destination, p.DestinationPort, p.Protocol, p.IsIPv6);
            ref FlowCounters c = ref CollectionsMarshal.GetValueRefOrNullRef(flows, forward);
            if (!Unsafe.IsNullRef(ref c))
            {
                c += new FlowCounters(0, 128, 0, 1);
                continue;
            }

            var reverse = new FlowKey(p.Destination, p.Source, p.SourcePort, p.Protocol, p.IsIPv6);
            ref FlowCounters r = ref CollectionsMarshal.GetValueRefOrAddDefault(flows, reverse, out _);
            r += new FlowCounters(128, 0, 1, 0);
        }
    }

    /// <summary>Counts 2^20 packets into existing flows.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public void Update()
    {
        FlowLog log = _log;
        ParsedPacket[] packets = _packets;
        int mask = packets.Length - 1;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            log.Add(in packets[i & mask], i, 128, PacketDirection.Unknown);
        }
    }
}
