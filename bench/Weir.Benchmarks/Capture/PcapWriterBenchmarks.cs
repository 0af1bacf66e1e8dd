using BenchmarkDotNet.Attributes;
using Weir.Engine.Capture;

namespace Weir.Benchmarks.Capture;

/// <summary>
/// Writing frames to a sink that discards them: the cost of the writer alone (record header and one copy).
/// Frames are 60–1514 bytes with a mean near 720, like the synthetic 5-million-packet capture; divide the
/// mean time by 720 bytes for throughput.
/// </summary>
[MemoryDiagnoser]
public class PcapWriterBenchmarks
{
    private const int Frames = 100_000;
    private readonly byte[] _data = new byte[1514];
    private int[] _lengths = [];

    /// <summary>Draws the frame lengths once: two thirds small, one third full size, mean about 720 bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _lengths = new int[Frames];
        for (int i = 0; i < Frames; i++)
        {
            _lengths[i] = random.Next(100) < 42 ? 1514 : 60 + random.Next(100);
        }

        random.NextBytes(_data);
    }

    /// <summary>Classic pcap, microsecond timestamps.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long Pcap()
    {
        using var writer = new PcapWriter(Stream.Null);
        for (int i = 0; i < Frames; i++)
        {
            writer.WriteFrame(_data.AsSpan(0, _lengths[i]), i * 1000L);
        }

        return writer.BytesWritten;
    }

    /// <summary>pcapng Enhanced Packet Blocks, microsecond interface.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long PcapNg()
    {
        using var writer = new PcapNgWriter(Stream.Null);
        int id = writer.AddInterface(LinkType.Ethernet);
        for (int i = 0; i < Frames; i++)
        {
            writer.WriteFrame(id, _data.AsSpan(0, _lengths[i]), i * 1000L, _lengths[i]);
        }

        return writer.BytesWritten;
    }
}
