using BenchmarkDotNet.Attributes;
using Weir.Engine.Capture;
using Weir.Engine.Synthetic;

namespace Weir.Benchmarks.Synthetic;

/// <summary>Generating synthetic traffic into a handler that only counts, and into a pcap writer on a discarding sink.</summary>
[MemoryDiagnoser]
public class TrafficGeneratorBenchmarks
{
    private const int Packets = 200_000;
    private readonly TrafficGenerator _generator = new(new TrafficGeneratorOptions { Packets = Packets, Flows = 3_000, Seed = 1 });

    /// <summary>Frames built and counted into the truth, not written anywhere.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public long Generate()
    {
        var handler = new CountingHandler();
        _generator.Generate(ref handler);
        return handler.Bytes;
    }

    /// <summary>Frames built and written as pcap to <see cref="Stream.Null"/>.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public long GenerateToPcap() => _generator.WriteCapture(Stream.Null).Totals.Bytes;

    private struct CountingHandler : IFrameHandler
    {
        public long Bytes;

        public void OnFrame(in Frame frame) => Bytes += frame.OriginalLength;
    }
}
