using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Capture;

public sealed class PcapNgFileReaderTests
{
    private static List<CollectedFrame> Read(byte[] file, List<CollectedFrame>? delivered = null)
    {
        using var temp = new TempCapture(file, ".pcapng");
        using ICaptureSource source = CaptureFile.Open(temp.Path);
        Assert.IsType<PcapNgFileReader>(source);
        return FrameCollector.ReadAll(source, delivered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadBatch_InterfacesWithDifferentLinkTypesAndResolutions_EachFrameCarriesItsOwn(bool bigEndian)
    {
        byte[] file = new CaptureBytes(bigEndian).SectionHeader()
            .Interface(1)                         // Ethernet, default µs
            .Interface(113, tsresol: 9)           // Linux SLL, ns
            .Interface(101, tsresol: 0x80 | 10)   // raw IP, 2^-10 s
            .Interface(127, tsresol: 3, tsoffset: 100) // radiotap, ms, +100 s
            .EnhancedPacket(0, 1_500_000, CaptureBytes.Bytes(60, 1))
            .EnhancedPacket(1, 2_000_000_007, CaptureBytes.Bytes(61, 2))
            .EnhancedPacket(2, 1024 * 3 + 512, CaptureBytes.Bytes(62, 3))
            .EnhancedPacket(3, 2500, CaptureBytes.Bytes(63, 4), originalLength: 200)
            .ToArray();

        List<CollectedFrame> frames = Read(file);

        Assert.Equal([LinkType.Ethernet, LinkType.LinuxSll, LinkType.Raw, LinkType.Ieee80211Radiotap], frames.Select(f => f.LinkType));
        Assert.Equal([1_500_000_000L, 2_000_000_007L, 3_500_000_000L, 102_500_000_000L], frames.Select(f => f.TimestampNs));
        Assert.Equal([60, 61, 62, 63], frames.Select(f => f.Data.Length));
        Assert.Equal(200, frames[3].OriginalLength);
        Assert.Equal(CaptureBytes.Bytes(61, 2), frames[1].Data);
    }

    [Fact]
    public void ReadBatch_EpbFlags_GiveDirection()
    {
        byte[] file = new CaptureBytes().SectionHeader().Interface(1)
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(60, 1), flags: 1)
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(61, 1), flags: 2)
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(62, 1), flags: 0)
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(63, 1))
            .ToArray();

        List<CollectedFrame> frames = Read(file);

        Assert.Equal([PacketDirection.Inbound, PacketDirection.Outbound, PacketDirection.Unknown, PacketDirection.Unknown], frames.Select(f => f.Direction));
    }

    [Fact]
    public void ReadBatch_UnknownAndStatisticsBlocks_AreSkipped()
    {
        byte[] file = new CaptureBytes().SectionHeader()
            .Block(0x0BAD, b => b.Raw(CaptureBytes.Bytes(13, 9)))   // custom/unknown block, padded
            .Interface(1)
            .Block(4, b => b.U16(0).U16(0))                        // name resolution block
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(60, 1))
            .Block(5, b => b.U32(0).U32(0).U32(0))                 // interface statistics block
            .EnhancedPacket(0, 0, CaptureBytes.Bytes(60, 2))
            .ToArray();

        Assert.Equal(2, Read(file).Count);
    }

    [Fact]
    public void ReadBatch_SimpleAndObsoletePacketBlocks_AreDelivered()
    {
        byte[] file = new CaptureBytes().SectionHeader().Interface(1, snapLength: 50)
            // Simple packet block: original length 100, 50 bytes stored (cut to the snap length).
            .Block(3, b => b.U32(100).Raw(CaptureBytes.Bytes(52, 1)))
            // Obsolete packet block: interface, drops, timestamp, lengths, data, pack_flags outbound.
            .Block(2, b => b.U16(0).U16(0).U32(0).U32(7).U32(40).U32(40).Raw(CaptureBytes.Bytes(40, 2)).U16(2).U16(4).U32(2).U16(0).U16(0))
            .ToArray();

        List<CollectedFrame> frames = Read(file);

        Assert.Equal([50, 40], frames.Select(f => f.Data.Length));
        Assert.Equal([100, 40], frames.Select(f => f.OriginalLength));
        Assert.Equal(7_000L, frames[1].TimestampNs);
        Assert.Equal(PacketDirection.Outbound, frames[1].Direction);
    }

    [Fact]
    public void ReadBatch_SecondSectionOtherByteOrder_RestartsInterfaces()
    {
        var bytes = new CaptureBytes().SectionHeader().Interface(1).EnhancedPacket(0, 0, CaptureBytes.Bytes(60, 1));
        bytes.BigEndian = true;
        bytes.SectionHeader().Interface(229).EnhancedPacket(0, 0, CaptureBytes.Bytes(40, 0x60));

        using var temp = new TempCapture(bytes.ToArray(), ".pcapng");
        using var source = (PcapNgFileReader)CaptureFile.Open(temp.Path);
        List<CollectedFrame> frames = FrameCollector.ReadAll(source);

        Assert.Equal([LinkType.Ethernet, LinkType.Ipv6], frames.Select(f => f.LinkType));
        Assert.Equal(2, source.Sections);
        Assert.True(source.IsBigEndian);
        Assert.Single(source.Interfaces);
    }

    [Fact]
    public void Open_EmptySection_EndsWithoutFrames()
    {
        Assert.Empty(Read(new CaptureBytes().SectionHeader().Interface(1).ToArray()));
    }

    public static TheoryData<string, Func<CaptureBytes, CaptureBytes>, string> Corruptions => new()
    {
        // A block length that is not a multiple of 4.
        { "unaligned length", b => b.U32(6).U32(30).Raw(new byte[22]), "bad block length 30" },
        // A block length below the 12-byte minimum.
        { "short length", b => b.U32(6).U32(8).U32(8), "bad block length 8" },
        // The trailing length disagrees with the leading one.
        { "trailing mismatch", b => b.U32(6).U32(32).Raw(new byte[20]).U32(36), "block length 32 does not match its trailing length 36" },
        // The file ends inside a block.
        { "truncated block", b => b.U32(6).U32(96).Raw(new byte[20]), "truncated block (type 0x6, length 96)" },
        // The file ends inside a block header.
        { "truncated header", b => b.U32(6).U16(0), "truncated block header" },
        // A packet names an interface that was never described.
        { "undefined interface", b => b.EnhancedPacket(5, 0, new byte[10]), "packet block names interface 5, but only 1 are defined" },
        // The captured length overruns the block.
        { "captured overruns block", b => b.Block(6, x => x.U32(0).U32(0).U32(0).U32(100).U32(100).Raw(new byte[8])), "captured length 100 exceeds the packet block" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void ReadBatch_CorruptBlock_ThrowsNamingFileAndOffsetAfterEarlierFrames(string name, Func<CaptureBytes, CaptureBytes> corrupt, string reason)
    {
        _ = name;
        var bytes = new CaptureBytes().SectionHeader().Interface(1).EnhancedPacket(0, 0, CaptureBytes.Bytes(60, 1));
        long badOffset = bytes.Length;
        byte[] file = corrupt(bytes).ToArray();
        var delivered = new List<CollectedFrame>();

        var error = Assert.Throws<CaptureFileException>(() => Read(file, delivered));

        Assert.Single(delivered);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(badOffset, error.Offset);
        Assert.Contains(error.FilePath, error.Message);
    }

    [Fact]
    public void Open_BadByteOrderMagic_Throws()
    {
        byte[] file = new CaptureBytes().U32(0x0A0D0D0A).U32(28).U32(0x11223344).U16(1).U16(0).U64(0).U32(28).ToArray();

        var error = Assert.Throws<CaptureFileException>(() => Read(file));

        Assert.Equal(0, error.Offset);
        Assert.Contains("byte-order magic", error.Reason);
    }
}
