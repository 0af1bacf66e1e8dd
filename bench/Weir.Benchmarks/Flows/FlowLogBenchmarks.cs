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
/// reads deliver them.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FlowLogBenchmarks
{
    private const int PacketsPerInvoke = 1 << 20;

    private FlowLog _log = null!;
    private ParsedPacket[] _packets = null!;

    /// <summary>Flows in the table while packets are counted.</summary>
    [Params(10_000, 1_000_000)]
    public int ActiveFlows { get; set; }

    /// <summary>Consecutive packets of one flow.</summary>
    [Params(1, 8)]
    public int Burst { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _packets = FlowBenchmarkTraffic.Packets(ActiveFlows, PacketsPerInvoke, seed: 1, Burst);
        _log = new FlowLog();
        _log.EnsureCapacity(ActiveFlows);
        for (int round = 0; round < 2; round++)
        {
            Update();
        }
    }

    /// <summary>Counts 2^20 packets into existing flows.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public void Update()
    {
        FlowLog log = _log;
        ParsedPacket[] packets = _packets;
        for (int i = 0; i < packets.Length; i++)
        {
            log.Add(in packets[i], i, 128, PacketDirection.Unknown);
        }
    }
}
