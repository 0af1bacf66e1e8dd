using BenchmarkDotNet.Attributes;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using Weir.Engine.Synthetic;

namespace Weir.Benchmarks.Flows;

/// <summary>
/// Parse + flow-table update together, the per-packet work of <c>weir flows -r</c> after the reader: frames of
/// the project's <see cref="TrafficGenerator"/> (TCP and UDP conversations, 20 % IPv6, 10 % VLAN-tagged, in
/// capture order) pre-rendered into one contiguous buffer at snap length 96 (headers only, so the frames stay
/// in memory), each handed to <see cref="FlowLog.Add(in Frame)"/>. One operation = one packet; the log is
/// warmed with every flow, so the measured loop neither inserts nor grows.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParseAndUpdateBenchmarks
{
    private const int Packets = 1 << 20;

    private byte[] _data = null!;
    private int[] _offsets = null!;
    private int[] _lengths = null!;
    private int[] _originalLengths = null!;
    private long[] _timestamps = null!;
    private FlowLog _log = null!;

    /// <summary>Distinct conversations in the traffic (the generator's flow count).</summary>
    [Params(1_000, 200_000)]
    public int Flows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var generator = new TrafficGenerator(new TrafficGeneratorOptions { Packets = Packets, Flows = Flows, Seed = 1, SnapLength = 96 });
        var recorder = new Recorder(Packets);
        generator.Generate(ref recorder);
        _data = recorder.Data.ToArray();
        _offsets = recorder.Offsets;
        _lengths = recorder.Lengths;
        _originalLengths = recorder.OriginalLengths;
        _timestamps = recorder.Timestamps;
        _log = new FlowLog();
        ParseAndUpdate();
    }

    /// <summary>Parses and counts 2^20 frames.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public long ParseAndUpdate()
    {
        FlowLog log = _log;
        ReadOnlySpan<byte> data = _data;
        int[] offsets = _offsets;
        int[] lengths = _lengths;
        int[] originals = _originalLengths;
        long[] timestamps = _timestamps;
        for (int i = 0; i < offsets.Length; i++)
        {
            var frame = new Frame(data.Slice(offsets[i], lengths[i]), timestamps[i], originals[i], LinkType.Ethernet, PacketDirection.Unknown);
            log.Add(in frame);
        }

        return log.Count;
    }

    /// <summary>
    /// The same work without the one-packet pipeline of <see cref="FlowLog.Add(in Frame)"/>: each frame parsed
    /// and then counted at once through <see cref="FlowLog.Add(in ParsedPacket, long, int, PacketDirection)"/>,
    /// so every table-slot load is waited for.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public long ParseThenUpdateUnpipelined()
    {
        FlowLog log = _log;
        ReadOnlySpan<byte> data = _data;
        int[] offsets = _offsets;
        int[] lengths = _lengths;
        int[] originals = _originalLengths;
        long[] timestamps = _timestamps;
        ParsedPacket packet = default;
        for (int i = 0; i < offsets.Length; i++)
        {
            if (PacketParser.Parse(data.Slice(offsets[i], lengths[i]), LinkType.Ethernet, ref packet) == ParseIssue.None)
            {
                log.Add(in packet, timestamps[i], originals[i], PacketDirection.Unknown);
            }
        }

        return log.Count;
    }

    /// <summary>Copies generated frames into one buffer, as a mapped capture file holds them.</summary>
    private struct Recorder(int capacity) : IFrameHandler
    {
        public readonly List<byte> Data = new(capacity * 96);
        public readonly int[] Offsets = new int[capacity];
        public readonly int[] Lengths = new int[capacity];
        public readonly int[] OriginalLengths = new int[capacity];
        public readonly long[] Timestamps = new long[capacity];
        private int _count;

        public void OnFrame(in Frame frame)
        {
            Offsets[_count] = Data.Count;
            Lengths[_count] = frame.Data.Length;
            OriginalLengths[_count] = frame.OriginalLength;
            Timestamps[_count] = frame.TimestampNs;
            Data.AddRange(frame.Data);
            _count++;
        }
    }
}
