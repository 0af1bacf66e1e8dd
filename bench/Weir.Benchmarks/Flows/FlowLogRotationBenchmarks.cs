using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Benchmarks.Flows;

/// <summary>
/// The rotation stall: how long <see cref="FlowLog.Rotate"/> holds the capture thread with a million active
/// flows. Each iteration first reads the previous block's records (as writeout does, which hands the tables
/// back for reuse), then fills the log with the flows, then times the rotation alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class FlowLogRotationBenchmarks
{
    private FlowLog _log = null!;
    private ParsedPacket[] _packets = null!;
    private FlowBlock? _previous;

    /// <summary>Flows in the log at rotation.</summary>
    [Params(1_000_000)]
    public int ActiveFlows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _packets = FlowBenchmarkTraffic.Packets(ActiveFlows, ActiveFlows, seed: 2, burst: 1);
        _log = new FlowLog();
        _log.EnsureCapacity(ActiveFlows);
    }

    [IterationSetup]
    public void Fill()
    {
        if (_previous is not null && _previous.Records.Length != _previous.Count)
        {
            throw new InvalidOperationException("block lost records");
        }

        ParsedPacket[] packets = _packets;
        for (int i = 0; i < packets.Length; i++)
        {
            _log.Add(in packets[i], i, 128, PacketDirection.Unknown);
        }
    }

    /// <summary>Hands the interval over and starts an empty log.</summary>
    [Benchmark]
    public int Rotate()
    {
        _previous = _log.Rotate("eth0", default, default);
        return _previous.Count;
    }
}
