using Weir.Engine.Capture;
using Weir.Engine.Synthetic;

namespace Weir.Engine.Tests.Capture;

/// <summary>
/// The readers of a mapped file's ranges: what they deliver equals a streamed read of the same file, also when a
/// reader drops the pages it has read as it goes and when a range is read a second time after that (a merge
/// replays a range).
/// </summary>
public sealed class PcapSegmentReaderTests
{
    [Fact]
    public void Ranges_ReleasingPagesBehind_DeliverTheStreamedFramesAndCanBeReadAgain()
    {
        string path = Path.Combine(Path.GetTempPath(), "weir-seg-" + Guid.NewGuid().ToString("N") + ".pcap");
        try
        {
            // About 25 MB: several release chunks per range.
            new TrafficGenerator(new TrafficGeneratorOptions { Packets = 35_000, Flows = 300, Seed = 11 }).WriteCapture(path);
            Assert.True(new FileInfo(path).Length > 20 << 20, "the capture is too small to release pages behind a reader");
            List<CollectedFrame> streamed;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            using (ICaptureSource source = CaptureFile.Open(stream, path))
            {
                streamed = FrameCollector.ReadAll(source);
            }

            using PcapFileSegments segments = PcapFileSegments.TryOpen(path, parts: 2, minimumSegmentBytes: 1 << 20)
                ?? throw new Xunit.Sdk.XunitException("the file was not mapped");
            Assert.Equal(2, segments.Count);
            for (int pass = 0; pass < 2; pass++)
            {
                var frames = new List<CollectedFrame>();
                for (int i = 0; i < segments.Count; i++)
                {
                    using PcapSegmentReader reader = segments.OpenReader(i);
                    FrameCollector.ReadAll(reader, frames);
                    Assert.True(reader.Landed, $"range {i} did not end on the next range's first record");
                }

                Assert.Equal(streamed.Count, frames.Count);
                for (int k = 0; k < frames.Count; k++)
                {
                    Assert.Equal(streamed[k].TimestampNs, frames[k].TimestampNs);
                    Assert.Equal(streamed[k].OriginalLength, frames[k].OriginalLength);
                    Assert.True(streamed[k].Data.AsSpan().SequenceEqual(frames[k].Data), $"pass {pass}: frame {k} differs");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryOpen_NotAPcapFile_ReturnsNull()
    {
        using var temp = new TempCapture([0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Null(PcapFileSegments.TryOpen(temp.Path, parts: 2, minimumSegmentBytes: 1));
    }
}
