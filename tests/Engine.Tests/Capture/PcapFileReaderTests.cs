using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Capture;

public sealed class PcapFileReaderTests
{
    private static List<CollectedFrame> Read(byte[] file, out ICaptureSource source)
    {
        using var temp = new TempCapture(file);
        source = CaptureFile.Open(temp.Path);
        using (source)
        {
            return FrameCollector.ReadAll(source);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadBatch_MicrosecondFileEitherByteOrder_DeliversFramesAndTimestamps(bool bigEndian)
    {
        byte[] file = new CaptureBytes(bigEndian).PcapHeader(linkType: 1)
            .PcapRecord(1_700_000_000, 123_456, CaptureBytes.Bytes(60, 1))
            .PcapRecord(1_700_000_001, 5, CaptureBytes.Bytes(42, 2), originalLength: 1500)
            .ToArray();

        List<CollectedFrame> frames = Read(file, out ICaptureSource source);

        Assert.Equal(2, frames.Count);
        Assert.Equal(1_700_000_000_123_456_000L, frames[0].TimestampNs);
        Assert.Equal(1_700_000_001_000_005_000L, frames[1].TimestampNs);
        Assert.Equal(CaptureBytes.Bytes(42, 2), frames[1].Data);
        Assert.Equal(1500, frames[1].OriginalLength);
        Assert.All(frames, f => Assert.Equal(LinkType.Ethernet, f.LinkType));
        Assert.All(frames, f => Assert.Equal(PacketDirection.Unknown, f.Direction));
        Assert.Equal(new CaptureSourceStats(2, 1560, 0, 0), source.Stats);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadBatch_NanosecondMagic_KeepsNanoseconds(bool bigEndian)
    {
        byte[] file = new CaptureBytes(bigEndian).PcapHeader(magic: 0xA1B23C4D, linkType: 101)
            .PcapRecord(10, 999_999_999, CaptureBytes.Bytes(20, 0x45))
            .ToArray();

        List<CollectedFrame> frames = Read(file, out _);

        CollectedFrame frame = Assert.Single(frames);
        Assert.Equal(10_999_999_999L, frame.TimestampNs);
        Assert.Equal(LinkType.Raw, frame.LinkType);
    }

    [Fact]
    public void ReadBatch_ModifiedPcap_DirectionFromPacketType()
    {
        var bytes = new CaptureBytes().PcapHeader(magic: 0xA1B2CD34, linkType: 1);
        // Modified records: the usual 16 bytes, then ifindex, protocol, pkt_type (0 host, 4 outgoing), pad.
        bytes.U32(1).U32(0).U32(4).U32(4).U32(2).U16(0x0800).U8(0).U8(0).Raw([1, 2, 3, 4]);
        bytes.U32(2).U32(0).U32(4).U32(4).U32(2).U16(0x0800).U8(4).U8(0).Raw([5, 6, 7, 8]);

        List<CollectedFrame> frames = Read(bytes.ToArray(), out _);

        Assert.Equal([PacketDirection.Inbound, PacketDirection.Outbound], frames.Select(f => f.Direction));
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, frames[1].Data);
    }

    [Fact]
    public void ReadBatch_CapturedAboveSnapLengthAndOriginalBelowCaptured_DeliveredAsStored()
    {
        // tshark reads both as stored: frame.cap_len 200 although the snap length is 100, frame.len 0 and 10.
        byte[] file = new CaptureBytes().PcapHeader(snapLength: 100)
            .PcapRecord(0, 0, CaptureBytes.Bytes(200, 0), originalLength: 0)
            .PcapRecord(0, 0, CaptureBytes.Bytes(50, 0), originalLength: 10)
            .ToArray();

        List<CollectedFrame> frames = Read(file, out _);

        Assert.Equal([200, 50], frames.Select(f => f.Data.Length));
        Assert.Equal([0, 10], frames.Select(f => f.OriginalLength));
    }

    [Fact]
    public void ReadBatch_EmptyAfterHeader_EndsImmediately()
    {
        using var temp = new TempCapture(new CaptureBytes().PcapHeader().ToArray());
        using ICaptureSource source = CaptureFile.Open(temp.Path);
        var collector = new FrameCollector();

        Assert.Equal(-1, source.ReadBatch(ref collector, CancellationToken.None));
        Assert.Equal(-1, source.ReadBatch(ref collector, CancellationToken.None));
    }

    [Fact]
    public void ReadBatch_BatchSize_DeliversAtMostThatMany()
    {
        var bytes = new CaptureBytes().PcapHeader();
        for (int i = 0; i < 10; i++) bytes.PcapRecord((uint)i, 0, CaptureBytes.Bytes(30, (byte)i));
        using var temp = new TempCapture(bytes.ToArray());
        using ICaptureSource source = CaptureFile.Open(temp.Path, batchSize: 4);
        var collector = new FrameCollector();

        var counts = new List<int>();
        int n;
        while ((n = source.ReadBatch(ref collector, CancellationToken.None)) >= 0) counts.Add(n);

        Assert.Equal([4, 4, 2], counts);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1_000_000_000L), collector.Frames.Select(f => f.TimestampNs));
    }

    [Fact]
    public void ReadBatch_CancelledToken_ReturnsZeroWithoutReading()
    {
        byte[] file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, CaptureBytes.Bytes(30, 0)).ToArray();
        using var temp = new TempCapture(file);
        using ICaptureSource source = CaptureFile.Open(temp.Path);
        var collector = new FrameCollector();

        Assert.Equal(0, source.ReadBatch(ref collector, new CancellationToken(canceled: true)));
        Assert.Equal(1, source.ReadBatch(ref collector, CancellationToken.None));
    }

    [Fact]
    public void ReadBatch_RecordLargerThanBuffer_GrowsBufferAndDelivers()
    {
        byte[] big = CaptureBytes.Bytes(200_000, 7);
        byte[] file = new CaptureBytes().PcapHeader(snapLength: 262144)
            .PcapRecord(0, 0, CaptureBytes.Bytes(100, 1)).PcapRecord(0, 0, big).PcapRecord(0, 0, CaptureBytes.Bytes(100, 2)).ToArray();
        using var temp = new TempCapture(file);
        using ICaptureSource source = CaptureFile.Open(temp.Path, bufferSize: 4096);

        List<CollectedFrame> frames = FrameCollector.ReadAll(source);

        Assert.Equal(3, frames.Count);
        Assert.Equal(big, frames[1].Data);
        Assert.Equal(CaptureBytes.Bytes(100, 2), frames[2].Data);
    }

    [Theory]
    [InlineData(10, "truncated record header")]
    [InlineData(16 + 20, "truncated record (captured length 60)")]
    public void ReadBatch_TruncatedFile_ThrowsNamingFileAndOffsetAfterEarlierFrames(int keepOfLastRecord, string reason)
    {
        byte[] whole = new CaptureBytes().PcapHeader()
            .PcapRecord(0, 0, CaptureBytes.Bytes(60, 1)).PcapRecord(0, 0, CaptureBytes.Bytes(60, 2)).PcapRecord(0, 0, CaptureBytes.Bytes(60, 3))
            .ToArray();
        long lastRecord = 24 + 2 * 76;
        byte[] cut = whole[..(int)(lastRecord + keepOfLastRecord)];
        using var temp = new TempCapture(cut);
        using ICaptureSource source = CaptureFile.Open(temp.Path);
        var delivered = new List<CollectedFrame>();

        var error = Assert.Throws<CaptureFileException>(() => FrameCollector.ReadAll(source, delivered));

        Assert.Equal(2, delivered.Count);
        Assert.Equal(temp.Path, error.FilePath);
        Assert.Equal(lastRecord, error.Offset);
        Assert.Equal(reason, error.Reason);
        Assert.Contains(temp.Path, error.Message);
        Assert.Contains(lastRecord.ToString(), error.Message);
        Assert.Equal(2, source.Stats.FramesDelivered);
    }

    [Fact]
    public void Open_RegularPcapFile_ReadsThroughMappingAndStreamAlike()
    {
        byte[] file = new CaptureBytes(bigEndian: true).PcapHeader(magic: 0xA1B23C4D)
            .PcapRecord(1, 2, CaptureBytes.Bytes(60, 1)).PcapRecord(3, 4, CaptureBytes.Bytes(1500, 2), originalLength: 9000)
            .ToArray();
        using var temp = new TempCapture(file);
        using ICaptureSource mapped = CaptureFile.Open(temp.Path, batchSize: 1);
        using ICaptureSource streamed = CaptureFile.Open(new MemoryStream(file), temp.Path, batchSize: 1);

        List<CollectedFrame> viaMapping = FrameCollector.ReadAll(mapped);
        List<CollectedFrame> viaStream = FrameCollector.ReadAll(streamed);

        Assert.True(Assert.IsType<PcapFileReader>(mapped).IsMapped);
        Assert.False(Assert.IsType<PcapFileReader>(streamed).IsMapped);
        Assert.Equal(viaStream.Select(f => (f.TimestampNs, f.OriginalLength, f.Data.Length)), viaMapping.Select(f => (f.TimestampNs, f.OriginalLength, f.Data.Length)));
        Assert.Equal(CaptureBytes.Bytes(1500, 2), viaMapping[1].Data);
        Assert.Equal(streamed.Stats, mapped.Stats);
        Assert.Equal(file.Length, ((PcapFileReader)mapped).Position);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16 + 59)]
    public void ReadBatch_TruncatedFile_MappingAndStreamReportTheSameError(int keepOfLastRecord)
    {
        byte[] whole = new CaptureBytes().PcapHeader()
            .PcapRecord(0, 0, CaptureBytes.Bytes(60, 1)).PcapRecord(0, 0, CaptureBytes.Bytes(60, 2))
            .ToArray();
        byte[] cut = whole[..(24 + 76 + keepOfLastRecord)];
        using var temp = new TempCapture(cut);
        using ICaptureSource mapped = CaptureFile.Open(temp.Path);
        using ICaptureSource streamed = CaptureFile.Open(new MemoryStream(cut), temp.Path);

        var fromMapping = Assert.Throws<CaptureFileException>(() => FrameCollector.ReadAll(mapped));
        var fromStream = Assert.Throws<CaptureFileException>(() => FrameCollector.ReadAll(streamed));

        Assert.Equal(fromStream.Message, fromMapping.Message);
        Assert.Equal(24 + 76, fromMapping.Offset);
        Assert.Equal(1, mapped.Stats.FramesDelivered);
    }

    [Fact]
    public void ReadBatch_CapturedLengthAbove256KiB_ThrowsCorrupt()
    {
        byte[] file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, CaptureBytes.Bytes(60, 1))
            .U32(0).U32(0).U32(262145).U32(262145).ToArray();
        using var temp = new TempCapture(file);
        using ICaptureSource source = CaptureFile.Open(temp.Path);

        var error = Assert.Throws<CaptureFileException>(() => FrameCollector.ReadAll(source));

        Assert.Equal(24 + 76, error.Offset);
        Assert.Contains("262145", error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0 }, "truncated pcap file header")]
    [InlineData(new byte[] { 1, 2 }, "file too short for a capture file header")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "not a pcap file (magic 0x04034b50)")]
    public void Open_BadHeader_ThrowsCaptureFileException(byte[] contents, string reason)
    {
        using var temp = new TempCapture(contents);

        var error = Assert.Throws<CaptureFileException>(() => CaptureFile.Open(temp.Path).Dispose());

        Assert.Equal(reason, error.Reason);
        Assert.Equal(temp.Path, error.FilePath);
    }

    [Fact]
    public void ReadBatch_LargeFile_ReadsWithConstantMemory()
    {
        // 40 000 frames of 1500 bytes (60 MB): the reader's allocations must not grow with the file.
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "weir-large-" + Guid.NewGuid().ToString("N") + ".pcap");
        try
        {
            byte[] frame = CaptureBytes.Bytes(1500, 3);
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.Write(new CaptureBytes().PcapHeader().ToArray());
                byte[] record = new CaptureBytes().PcapRecord(1, 2, frame).ToArray();
                for (int i = 0; i < 40_000; i++) stream.Write(record);
            }

            using ICaptureSource source = CaptureFile.Open(path);
            var counter = new CountingHandler();
            source.ReadBatch(ref counter, CancellationToken.None);
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (source.ReadBatch(ref counter, CancellationToken.None) >= 0)
            {
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(40_000, counter.Frames);
            Assert.Equal(40_000L * 1500, counter.Bytes);
            Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes while reading");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private struct CountingHandler : IFrameHandler
    {
        public long Frames;
        public long Bytes;

        public void OnFrame(in Frame frame)
        {
            Frames++;
            Bytes += frame.Data.Length;
        }
    }
}
