using BenchmarkDotNet.Attributes;
using Weir.Engine.Capture;
using Weir.Engine.Packets;

namespace Weir.Benchmarks.Packets;

/// <summary>
/// A pcap file in memory read with <see cref="CaptureFile.Open(Stream, string, int, int)"/> and every frame parsed:
/// the reader's per-frame cost on top of the parser's. Reported time is per packet.
/// </summary>
[MemoryDiagnoser]
public class ReadAndParseBenchmarks
{
    private const int Frames = 100_000;
    private byte[] _file = [];

    [GlobalSetup]
    public void Setup()
    {
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        w.Write(0xA1B2C3D4u);
        w.Write((ushort)2);
        w.Write((ushort)4);
        w.Write(0L);
        w.Write(65535);
        w.Write(1);
        var frame = new byte[200];
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[16] = 0;
        frame[17] = 186;
        frame[23] = 17;
        for (int i = 0; i < Frames; i++)
        {
            frame[29] = (byte)i;
            frame[36] = (byte)(i >> 8);
            w.Write(1_700_000_000 + i / 1000);
            w.Write(i % 1000 * 1000);
            w.Write(frame.Length);
            w.Write(frame.Length);
            w.Write(frame);
        }

        _file = stream.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long ReadBatchAndParse()
    {
        using ICaptureSource source = CaptureFile.Open(new MemoryStream(_file, writable: false), "bench.pcap");
        var handler = new Handler();
        while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
        {
        }

        return handler.Bytes;
    }

    private struct Handler : IFrameHandler
    {
        private ParsedPacket _packet;
        public long Bytes;

        public void OnFrame(in Frame frame)
        {
            if (PacketParser.Parse(frame.Data, frame.LinkType, ref _packet) == ParseIssue.None)
            {
                Bytes += frame.OriginalLength;
            }
        }
    }
}
