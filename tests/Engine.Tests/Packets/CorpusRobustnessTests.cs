using System.Reflection;
using Weir.Engine.Capture;
using Weir.Engine.Packets;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Packets;

/// <summary>
/// Deterministic fuzzing: the parser must never throw on any bytes under any link type, and the readers must
/// throw nothing but <see cref="CaptureFileException"/> on truncated or bit-flipped files.
/// </summary>
public sealed class CorpusRobustnessTests
{
    private static readonly LinkType[] s_linkTypes =
        [.. Enum.GetValues<LinkType>().Where(PacketParser.Supports), (LinkType)195, (LinkType)65535];

    /// <summary>Frames of every table-driven parser test, so the fuzz runs without the corpus too.</summary>
    private static List<(byte[] Frame, LinkType LinkType)> TableFrames()
    {
        var frames = new List<(byte[], LinkType)>();
        foreach (Type type in new[] { typeof(PacketParserEthernetTests), typeof(PacketParserIpTests), typeof(PacketParserTransportTests), typeof(PacketParserLinkTests), typeof(PacketParserWirelessTests) })
        {
            var data = (IEnumerable<object[]>)type.GetProperty("Cases", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (object[] row in data)
            {
                if (row[1] is LinkType linkType)
                {
                    frames.Add(((byte[])row[2], linkType));
                }
                else
                {
                    frames.Add(((byte[])row[1], type == typeof(PacketParserEthernetTests) ? LinkType.Ethernet : LinkType.Raw));
                }
            }
        }

        return frames;
    }

    private static List<(byte[] Frame, LinkType LinkType)> CorpusFrames(string corpus, out List<byte[]> files)
    {
        var frames = new List<(byte[], LinkType)>();
        files = [];
        foreach (string path in Directory.GetFiles(corpus).Where(p => p.EndsWith(".pcap", StringComparison.Ordinal) || p.EndsWith(".pcapng", StringComparison.Ordinal)).Order())
        {
            files.Add(File.ReadAllBytes(path));
            using ICaptureSource source = CaptureFile.Open(path);
            var into = new List<Capture.CollectedFrame>();
            try
            {
                Capture.FrameCollector.ReadAll(source, into);
            }
            catch (CaptureFileException)
            {
                // Corrupt corpus files are allowed to stop early; their frames so far are still fuzzed.
            }

            frames.AddRange(into.Select(f => (f.Data, f.LinkType)));
        }

        return frames;
    }

    private static void Fuzz(List<(byte[] Frame, LinkType LinkType)> frames, int seed, int mutations)
    {
        var packet = new ParsedPacket();
        // Every frame under every link type, whole.
        foreach (var (frame, _) in frames)
        {
            foreach (LinkType linkType in s_linkTypes)
            {
                PacketParser.Parse(frame, linkType, ref packet);
            }
        }

        var random = new Random(seed);
        // Truncation at every offset of a sample of frames.
        for (int i = 0; i < frames.Count; i += Math.Max(1, frames.Count / 200))
        {
            var (frame, linkType) = frames[i];
            for (int length = 0; length <= Math.Min(frame.Length, 200); length++)
            {
                PacketParser.Parse(frame.AsSpan(0, length), linkType, ref packet);
            }
        }

        // Random bit flips in the headers (first 96 bytes), under the frame's own and a random link type.
        for (int i = 0; i < mutations; i++)
        {
            var (original, linkType) = frames[random.Next(frames.Count)];
            byte[] frame = (byte[])original.Clone();
            int flips = random.Next(1, 5);
            for (int f = 0; f < flips && frame.Length > 0; f++)
            {
                frame[random.Next(Math.Min(frame.Length, 96))] ^= (byte)(1 << random.Next(8));
            }

            int cut = random.Next(2) == 0 ? frame.Length : random.Next(frame.Length + 1);
            PacketParser.Parse(frame.AsSpan(0, cut), linkType, ref packet);
            PacketParser.Parse(frame.AsSpan(0, cut), s_linkTypes[random.Next(s_linkTypes.Length)], ref packet);
        }
    }

    [Fact]
    public void Parse_MutatedTableFrames_NeverThrows()
    {
        Fuzz(TableFrames(), seed: 20261201, mutations: 20_000);
    }

    [SkippableFact]
    public void Parse_MutatedCorpusFrames_NeverThrows()
    {
        List<(byte[] Frame, LinkType LinkType)> frames = CorpusFrames(Requires.PcapCorpus(), out _);
        Assert.True(frames.Count >= 3856, $"only {frames.Count} corpus frames");
        Fuzz(frames, seed: 7, mutations: 50_000);
    }

    [SkippableFact]
    public void ReadBatch_TruncatedAndBitFlippedCorpusFiles_ThrowOnlyCaptureFileException()
    {
        CorpusFrames(Requires.PcapCorpus(), out List<byte[]> files);
        var random = new Random(42);
        int rejected = 0;
        foreach (byte[] original in files.Where(f => f.Length < 64 * 1024))
        {
            for (int variant = 0; variant < 12; variant++)
            {
                byte[] file = (byte[])original.Clone();
                if (variant % 3 != 0)
                {
                    for (int f = random.Next(1, 9); f > 0; f--)
                    {
                        file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                    }
                }

                int length = variant % 2 == 0 ? random.Next(file.Length + 1) : file.Length;
                try
                {
                    using ICaptureSource source = CaptureFile.Open(new MemoryStream(file, 0, length), "fuzz.pcap", bufferSize: 4096);
                    var handler = new ParsingHandler();
                    while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                    {
                    }
                }
                catch (CaptureFileException e)
                {
                    Assert.Equal("fuzz.pcap", e.FilePath);
                    Assert.InRange(e.Offset, 0, length);
                    rejected++;
                }
            }
        }

        Assert.True(rejected > 0, "no mutated file was rejected: the mutations did not reach the readers' checks");
    }

    private struct ParsingHandler : IFrameHandler
    {
        private ParsedPacket _packet;

        public void OnFrame(in Frame frame) => PacketParser.Parse(frame.Data, frame.LinkType, ref _packet);
    }
}
