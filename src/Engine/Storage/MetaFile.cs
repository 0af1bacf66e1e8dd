using System.Buffers.Binary;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// The binary form of a day's <c>blocks.meta</c>: magic, version, block count, fixed-size block records,
/// CRC-32C of everything before it. Rewritten whole (temp file, fsync, rename) on every commit.
/// </summary>
internal static class MetaFile
{
    private const ulong Magic = 0x314B4C4252494557; // "WEIRBLK1"
    private const int Version = 1;
    private const int RecordSize = 204 + (FlowDbLayout.ColumnCount * ColumnChunk.Size);

    /// <summary>Serializes a day's blocks.</summary>
    public static byte[] Serialize(IReadOnlyList<FlowDbBlock> blocks)
    {
        byte[] bytes = RecordFile.Create(Magic, Version, blocks.Count, RecordSize);
        for (int i = 0; i < blocks.Count; i++)
        {
            WriteRecord(RecordFile.Record(bytes.AsSpan(), i, RecordSize), blocks[i]);
        }

        RecordFile.Seal(bytes);
        return bytes;
    }

    /// <summary>Parses a day's metadata; null with <paramref name="error"/> when it is damaged.</summary>
    public static List<FlowDbBlock>? Parse(ReadOnlySpan<byte> s, string interfaceName, DateOnly day, string dayDirectory, out string? error)
    {
        error = RecordFile.Check(s, Magic, Version, RecordSize, out int version, out int count) switch
        {
            RecordFile.Verdict.Valid => null,
            RecordFile.Verdict.NotThisFile => "not a block metadata file",
            RecordFile.Verdict.BadChecksum => "block metadata fails its checksum",
            _ => $"block metadata version {version} with {count} blocks does not match its length {s.Length}",
        };
        if (error is not null)
        {
            return null;
        }

        var blocks = new List<FlowDbBlock>(count);
        for (int i = 0; i < count; i++)
        {
            blocks.Add(ReadRecord(RecordFile.Record(s, i, RecordSize), interfaceName, day, dayDirectory, i));
        }

        return blocks;
    }

    /// <summary>A CRC-32C over the metadata records of blocks [0, <paramref name="count"/>): what a roll-up of those
    /// blocks records, so that it is trusted only for exactly these blocks.</summary>
    public static uint Fingerprint(IReadOnlyList<FlowDbBlock> blocks, int count)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        uint crc = uint.MaxValue;
        for (int i = 0; i < count; i++)
        {
            record.Clear();
            WriteRecord(record, blocks[i]);
            crc = Crc32C.Append(crc, record);
        }

        return ~crc;
    }

    /// <summary>Reads only the block count of a metadata file's header (for cheap staleness checks).</summary>
    public static int PeekCount(ReadOnlySpan<byte> header) => RecordFile.PeekCount(header, Magic);

    private static void WriteRecord(Span<byte> r, FlowDbBlock b)
    {
        BinaryPrimitives.WriteInt64LittleEndian(r, FlowDbLayout.ToNs(b.Start));
        BinaryPrimitives.WriteInt64LittleEndian(r[8..], FlowDbLayout.ToNs(b.End));
        BinaryPrimitives.WriteInt32LittleEndian(r[16..], b.Rows4);
        BinaryPrimitives.WriteInt32LittleEndian(r[20..], b.Rows6);
        RecordFile.WriteCounters(r[24..], b.Totals);
        BinaryPrimitives.WriteInt64LittleEndian(r[56..], b.Stats.PacketsProcessed);
        BinaryPrimitives.WriteInt64LittleEndian(r[64..], b.Stats.PacketsNotCounted);
        BinaryPrimitives.WriteInt64LittleEndian(r[72..], b.Stats.KernelDropped);
        BinaryPrimitives.WriteInt64LittleEndian(r[80..], b.Stats.LocalDropped);
        BlockSummary m = b.Summary;
        BinaryPrimitives.WriteUInt32LittleEndian(r[88..], m.SourceMin4);
        BinaryPrimitives.WriteUInt32LittleEndian(r[92..], m.SourceMax4);
        BinaryPrimitives.WriteUInt32LittleEndian(r[96..], m.DestinationMin4);
        BinaryPrimitives.WriteUInt32LittleEndian(r[100..], m.DestinationMax4);
        BinaryPrimitives.WriteUInt128LittleEndian(r[104..], m.SourceMin6);
        BinaryPrimitives.WriteUInt128LittleEndian(r[120..], m.SourceMax6);
        BinaryPrimitives.WriteUInt128LittleEndian(r[136..], m.DestinationMin6);
        BinaryPrimitives.WriteUInt128LittleEndian(r[152..], m.DestinationMax6);
        BinaryPrimitives.WriteUInt16LittleEndian(r[168..], m.PortMin);
        BinaryPrimitives.WriteUInt16LittleEndian(r[170..], m.PortMax);
        BinaryPrimitives.WriteUInt64LittleEndian(r[172..], m.Protocols.W0);
        BinaryPrimitives.WriteUInt64LittleEndian(r[180..], m.Protocols.W1);
        BinaryPrimitives.WriteUInt64LittleEndian(r[188..], m.Protocols.W2);
        BinaryPrimitives.WriteUInt64LittleEndian(r[196..], m.Protocols.W3);
        Span<byte> c = r[204..];
        foreach (ColumnChunk chunk in b.Chunks)
        {
            BinaryPrimitives.WriteInt64LittleEndian(c, chunk.Offset);
            BinaryPrimitives.WriteInt32LittleEndian(c[8..], chunk.Length);
            BinaryPrimitives.WriteInt32LittleEndian(c[12..], chunk.RawLength);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], chunk.Crc);
            c[20] = (byte)chunk.Codec;
            c = c[ColumnChunk.Size..];
        }
    }

    private static FlowDbBlock ReadRecord(ReadOnlySpan<byte> r, string interfaceName, DateOnly day, string dayDirectory, int index)
    {
        FlowCounters totals = RecordFile.ReadCounters(r[24..]);
        var stats = new FlowBlockStats(
            BinaryPrimitives.ReadInt64LittleEndian(r[56..]), BinaryPrimitives.ReadInt64LittleEndian(r[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(r[72..]), BinaryPrimitives.ReadInt64LittleEndian(r[80..]));
        var summary = new BlockSummary
        {
            SourceMin4 = BinaryPrimitives.ReadUInt32LittleEndian(r[88..]),
            SourceMax4 = BinaryPrimitives.ReadUInt32LittleEndian(r[92..]),
            DestinationMin4 = BinaryPrimitives.ReadUInt32LittleEndian(r[96..]),
            DestinationMax4 = BinaryPrimitives.ReadUInt32LittleEndian(r[100..]),
            SourceMin6 = BinaryPrimitives.ReadUInt128LittleEndian(r[104..]),
            SourceMax6 = BinaryPrimitives.ReadUInt128LittleEndian(r[120..]),
            DestinationMin6 = BinaryPrimitives.ReadUInt128LittleEndian(r[136..]),
            DestinationMax6 = BinaryPrimitives.ReadUInt128LittleEndian(r[152..]),
            PortMin = BinaryPrimitives.ReadUInt16LittleEndian(r[168..]),
            PortMax = BinaryPrimitives.ReadUInt16LittleEndian(r[170..]),
            Protocols = new ProtocolSet(
                BinaryPrimitives.ReadUInt64LittleEndian(r[172..]), BinaryPrimitives.ReadUInt64LittleEndian(r[180..]),
                BinaryPrimitives.ReadUInt64LittleEndian(r[188..]), BinaryPrimitives.ReadUInt64LittleEndian(r[196..])),
        };
        var chunks = new ColumnChunk[FlowDbLayout.ColumnCount];
        ReadOnlySpan<byte> c = r[204..];
        for (int i = 0; i < chunks.Length; i++)
        {
            chunks[i] = new ColumnChunk(BinaryPrimitives.ReadInt64LittleEndian(c), BinaryPrimitives.ReadInt32LittleEndian(c[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(c[12..]), BinaryPrimitives.ReadUInt32LittleEndian(c[16..]), (ColumnCodec)c[20]);
            c = c[ColumnChunk.Size..];
        }

        return new FlowDbBlock(interfaceName, day, dayDirectory, index,
            FlowDbLayout.FromNs(BinaryPrimitives.ReadInt64LittleEndian(r)), FlowDbLayout.FromNs(BinaryPrimitives.ReadInt64LittleEndian(r[8..])),
            BinaryPrimitives.ReadInt32LittleEndian(r[16..]), BinaryPrimitives.ReadInt32LittleEndian(r[20..]), totals, stats, summary, chunks);
    }
}
