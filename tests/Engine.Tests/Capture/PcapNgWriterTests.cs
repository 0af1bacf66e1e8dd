using System.Buffers.Binary;
using System.Text;
using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Capture;

public class PcapNgWriterTests
{
    /// <summary>A block as the test walk found it: type, total length, body (between the length fields).</summary>
    private readonly record struct Block(uint Type, int Offset, byte[] Body);

    /// <summary>Walks every block, checking that lengths are multiples of 4 and the trailing length repeats the leading one.</summary>
    private static List<Block> Blocks(byte[] file, bool bigEndian = false)
    {
        var blocks = new List<Block>();
        int at = 0;
        while (at < file.Length)
        {
            uint type = Read32(file, at, bigEndian);
            int length = (int)Read32(file, at + 4, bigEndian);
            Assert.True(length >= 12 && length % 4 == 0, $"block at {at} has length {length}");
            Assert.True(at + length <= file.Length, $"block at {at} runs past the end");
            Assert.Equal((uint)length, Read32(file, at + length - 4, bigEndian));
            blocks.Add(new Block(type, at, file[(at + 8)..(at + length - 4)]));
            at += length;
        }

        Assert.Equal(file.Length, at);
        return blocks;
    }

    private static uint Read32(byte[] b, int at, bool bigEndian = false) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

    private static ushort Read16(byte[] b, int at, bool bigEndian = false) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    /// <summary>Options from <paramref name="at"/> in a body: code to value, up to opt_endofopt.</summary>
    private static Dictionary<ushort, byte[]> Options(byte[] body, int at, bool bigEndian = false)
    {
        var options = new Dictionary<ushort, byte[]>();
        while (at < body.Length)
        {
            ushort code = Read16(body, at, bigEndian);
            ushort length = Read16(body, at + 2, bigEndian);
            if (code == 0)
            {
                Assert.Equal(0, length);
                Assert.Equal(body.Length, at + 4);
                return options;
            }

            options[code] = body[(at + 4)..(at + 4 + length)];
            at += 4 + ((length + 3) & ~3);
        }

        throw new InvalidOperationException("options without opt_endofopt");
    }

    private static byte[] Write(Action<PcapNgWriter> write, bool bigEndian = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapNgWriter(stream, bigEndian: bigEndian, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    [Fact]
    public void Constructor_WritesSectionHeaderWithByteOrderMagicAndApplication()
    {
        byte[] file = Write(_ => { });
        List<Block> blocks = Blocks(file);
        Block shb = Assert.Single(blocks);
        Assert.Equal(0x0A0D0D0Au, shb.Type);
        Assert.Equal(0x1A2B3C4Du, Read32(shb.Body, 0));
        Assert.Equal(1, Read16(shb.Body, 4));
        Assert.Equal(0, Read16(shb.Body, 6));
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64LittleEndian(shb.Body.AsSpan(8)));
        Assert.Equal("weir", Encoding.UTF8.GetString(Options(shb.Body, 16)[4]));
    }

    [Fact]
    public void AddInterface_WritesLinkTypeSnapLengthNameAndTsresol()
    {
        byte[] file = Write(w => Assert.Equal(0, w.AddInterface(LinkType.LinuxSll, 128, PcapNgWriter.NanosecondResolution, "eth0")));
        Block idb = Blocks(file)[1];
        Assert.Equal(1u, idb.Type);
        Assert.Equal((ushort)LinkType.LinuxSll, Read16(idb.Body, 0));
        Assert.Equal(0, Read16(idb.Body, 2));
        Assert.Equal(128u, Read32(idb.Body, 4));
        Dictionary<ushort, byte[]> options = Options(idb.Body, 8);
        Assert.Equal("eth0", Encoding.UTF8.GetString(options[2]));
        Assert.Equal(new byte[] { 9 }, options[9]);
    }

    [Theory]
    [InlineData(PcapNgWriter.MicrosecondResolution, 1_700_000_000_123_456_789L, 1_700_000_000_123_456UL)]
    [InlineData(PcapNgWriter.NanosecondResolution, 1_700_000_000_123_456_789L, 1_700_000_000_123_456_789UL)]
    [InlineData((byte)3, 1_700_000_000_123_456_789L, 1_700_000_000_123UL)]
    [InlineData((byte)0x80 | 20, 1_500_000_000L, 1_572_864UL)]
    public void WriteFrame_Timestamp_InInterfaceUnitsHighWordFirst(byte tsresol, long timestampNs, ulong units)
    {
        byte[] file = Write(w =>
        {
            int id = w.AddInterface(LinkType.Ethernet, 0, tsresol);
            w.WriteFrame(id, new byte[60], timestampNs, 60);
        });
        Block epb = Blocks(file)[2];
        Assert.Equal(6u, epb.Type);
        ulong written = ((ulong)Read32(epb.Body, 4) << 32) | Read32(epb.Body, 8);
        Assert.Equal(units, written);
    }

    [Fact]
    public void WriteFrame_OddLength_PaddedWithZerosAndLengthsRecorded()
    {
        byte[] data = [.. Enumerable.Range(1, 61).Select(i => (byte)i)];
        byte[] file = Write(w =>
        {
            int id = w.AddInterface(LinkType.Ethernet);
            w.WriteFrame(id, data, 0, 1000);
        });
        Block epb = Blocks(file)[2];
        Assert.Equal(0u, Read32(epb.Body, 0));
        Assert.Equal(61u, Read32(epb.Body, 12));
        Assert.Equal(1000u, Read32(epb.Body, 16));
        Assert.Equal(data, epb.Body[20..81]);
        Assert.Equal(new byte[3], epb.Body[81..84]);
        Assert.Equal(84, epb.Body.Length);
    }

    [Theory]
    [InlineData(PacketDirection.Inbound, 1u)]
    [InlineData(PacketDirection.Outbound, 2u)]
    public void WriteFrame_KnownDirection_WritesEpbFlags(PacketDirection direction, uint flags)
    {
        byte[] file = Write(w => w.WriteFrame(w.AddInterface(LinkType.Ethernet), new byte[60], 0, 60, direction));
        Block epb = Blocks(file)[2];
        Assert.Equal(flags, Read32(Options(epb.Body, 20 + 60)[2], 0));
    }

    [Fact]
    public void WriteFrame_SnapLength_CutsCapturedLength()
    {
        byte[] file = Write(w => w.WriteFrame(w.AddInterface(LinkType.Ethernet, 96), new byte[1514], 0, 1514));
        Block epb = Blocks(file)[2];
        Assert.Equal(96u, Read32(epb.Body, 12));
        Assert.Equal(1514u, Read32(epb.Body, 16));
        Assert.Equal(20 + 96, epb.Body.Length);
    }

    [Fact]
    public void WriteFrame_UnknownInterface_Throws()
    {
        using var writer = new PcapNgWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteFrame(0, new byte[60], 0, 60));
    }

    [Fact]
    public void StartSection_NumbersInterfacesFromZeroAgain()
    {
        byte[] file = Write(w =>
        {
            w.AddInterface(LinkType.Ethernet);
            Assert.Equal(1, w.AddInterface(LinkType.Raw));
            w.StartSection(application: null);
            Assert.Equal(0, w.InterfaceCount);
            Assert.Equal(0, w.AddInterface(LinkType.Raw));
            w.WriteFrame(0, new byte[40], 0, 40);
        });
        uint[] types = [.. Blocks(file).Select(b => b.Type)];
        Assert.Equal(new uint[] { 0x0A0D0D0A, 1, 1, 0x0A0D0D0A, 1, 6 }, types);
    }

    [Fact]
    public void Write_BigEndian_BlocksReadInNetworkOrder()
    {
        byte[] file = Write(w => w.WriteFrame(w.AddInterface(LinkType.Ethernet, 0, 6, "x"), new byte[60], 1_000_000, 60, PacketDirection.Inbound), bigEndian: true);
        Assert.Equal(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0 }, file[..7]);
        List<Block> blocks = Blocks(file, bigEndian: true);
        Assert.Equal(0x1A2B3C4Du, Read32(blocks[0].Body, 0, bigEndian: true));
        Assert.Equal(1000u, Read32(blocks[2].Body, 8, bigEndian: true));
    }

    [Fact]
    public void WriteFrame_ManyFramesAndAHugeOne_AllBlocksWellFormed()
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapNgWriter(stream, leaveOpen: true, bufferSize: 64 * 1024))
        {
            int id = writer.AddInterface(LinkType.Ethernet);
            for (int i = 0; i < 5_000; i++)
            {
                writer.WriteFrame(id, new byte[60 + (i % 1455)], i, 60 + (i % 1455));
                if (i == 2_500)
                {
                    writer.WriteFrame(id, new byte[100_001], i, 100_001);
                }
            }

            Assert.Equal(5_001, writer.FramesWritten);
        }

        List<Block> blocks = Blocks(stream.ToArray());
        Assert.Equal(2 + 5_001, blocks.Count);
        Assert.Equal(100_001u, Read32(blocks[2 + 2_501].Body, 12));
    }
}
