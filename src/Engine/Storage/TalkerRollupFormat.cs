using System.Buffers.Binary;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// The binary form of a day's roll-ups (<c>talkers.rollup</c>, <c>sources.rollup</c>, <c>destinations.rollup</c>).
/// Header (96 bytes: magic, version, codec, blocks covered, chunk count, fingerprint of the covered blocks' metadata records, kind, their IPv4/IPv6 flow counts and counter totals,
/// pairs), then one directory entry per chunk (<see cref="TalkerRollupChunk"/>), then a CRC-32C of header and
/// directory; then the chunks, each its compressed rows followed by its Bloom filter. Rows are ordered by total
/// bytes descending across the chunks; a chunk's payload is seven length-prefixed columns (sip, dip in the
/// address encoding of the block columns, the four counters and the flow count in the integer encoding).
/// </summary>
internal static class TalkerRollupFormat
{
    /// <summary>"WEIRTLK1".</summary>
    public const ulong Magic = 0x314B4C5452494557;

    /// <summary>Format version.</summary>
    public const int Version = 1;

    /// <summary>Header bytes before the directory.</summary>
    public const int HeaderSize = 96;

    /// <summary>Bloom filter bits per pair (with <see cref="BloomHashes"/> probes: under 1 % false positives).</summary>
    public const int BloomBitsPerRow = 10;

    /// <summary>Probes per Bloom lookup.</summary>
    public const int BloomHashes = 7;

    /// <summary>Most pairs in a chunk.</summary>
    public const int MaxChunkRows = 1024 << 6;

    /// <summary>Pairs in chunk <paramref name="index"/>: small first chunks (a top-N merge mostly reads only those),
    /// growing to 65 536.</summary>
    public static int ChunkRows(int index) => Math.Min(1024 << Math.Min(index, 6), MaxChunkRows);

    /// <summary>Sums blocks [0, <paramref name="count"/>).</summary>
    public static (long Flows4, long Flows6, FlowCounters Totals) Sum(IReadOnlyList<FlowDbBlock> blocks, int count)
    {
        long f4 = 0, f6 = 0;
        FlowCounters t = default;
        for (int i = 0; i < count; i++)
        {
            f4 += blocks[i].Rows4;
            f6 += blocks[i].Rows6;
            t += blocks[i].Totals;
        }

        return (f4, f6, t);
    }

    /// <summary>Writes the header and directory (with their CRC) into the start of <paramref name="file"/>.</summary>
    public static void WriteHeader(Span<byte> file, TalkerRollupHeader h, IReadOnlyList<TalkerRollupChunk> chunks)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(file, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(file[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(file[12..], (int)h.Codec);
        BinaryPrimitives.WriteInt32LittleEndian(file[16..], h.Blocks);
        BinaryPrimitives.WriteInt32LittleEndian(file[20..], chunks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(file[24..], h.Fingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(file[28..], (int)h.Kind);
        BinaryPrimitives.WriteInt64LittleEndian(file[32..], h.Flows4);
        BinaryPrimitives.WriteInt64LittleEndian(file[40..], h.Flows6);
        RecordFile.WriteCounters(file[48..], h.Totals);
        BinaryPrimitives.WriteInt64LittleEndian(file[80..], h.Pairs);
        BinaryPrimitives.WriteInt64LittleEndian(file[88..], 0);
        for (int i = 0; i < chunks.Count; i++)
        {
            Span<byte> e = file.Slice(HeaderSize + (i * TalkerRollupChunk.Size), TalkerRollupChunk.Size);
            TalkerRollupChunk c = chunks[i];
            BinaryPrimitives.WriteInt64LittleEndian(e, c.Offset);
            BinaryPrimitives.WriteInt32LittleEndian(e[8..], c.Length);
            BinaryPrimitives.WriteInt32LittleEndian(e[12..], c.RawLength);
            BinaryPrimitives.WriteInt32LittleEndian(e[16..], c.Rows4);
            BinaryPrimitives.WriteInt32LittleEndian(e[20..], c.Rows6);
            BinaryPrimitives.WriteUInt32LittleEndian(e[24..], c.Crc);
            BinaryPrimitives.WriteInt32LittleEndian(e[28..], c.BloomLength);
            BinaryPrimitives.WriteUInt32LittleEndian(e[32..], c.BloomCrc);
            BinaryPrimitives.WriteInt32LittleEndian(e[36..], 0);
            for (int m = 0; m < RollupMaxima.Count; m++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(e[(40 + (m * 8))..], c.Maxima[m]);
            }

            BinaryPrimitives.WriteInt64LittleEndian(e[(40 + (RollupMaxima.Count * 8))..], c.Flows);
        }

        int end = DirectoryEnd(chunks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(file[end..], Crc32C.Compute(file[..end]));
    }

    /// <summary>Offset of the directory's CRC; the first chunk starts 4 bytes later.</summary>
    public static int DirectoryEnd(int chunks) => HeaderSize + (chunks * TalkerRollupChunk.Size);

    /// <summary>The chunk count of a header, or -1 when the magic or version is not this format's.</summary>
    public static int PeekChunks(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderSize && BinaryPrimitives.ReadUInt64LittleEndian(header) == Magic && BinaryPrimitives.ReadInt32LittleEndian(header[8..]) == Version
            ? BinaryPrimitives.ReadInt32LittleEndian(header[20..])
            : -1;

    /// <summary>Parses header and directory (the bytes up to and including the directory CRC); null with
    /// <paramref name="error"/> when damaged.</summary>
    public static (TalkerRollupHeader Header, TalkerRollupChunk[] Chunks)? Parse(ReadOnlySpan<byte> s, long fileLength, out string? error)
    {
        int count = PeekChunks(s);
        if (count < 0 || count > (1 << 20))
        {
            error = "not a talkers roll-up file of version 1";
            return null;
        }

        int end = DirectoryEnd(count);
        if (s.Length < end + 4)
        {
            error = $"roll-up directory of {count} chunks is cut off at byte {s.Length}";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(s[end..]) != Crc32C.Compute(s[..end]))
        {
            error = "roll-up header fails its checksum";
            return null;
        }

        var header = new TalkerRollupHeader((RollupKind)BinaryPrimitives.ReadInt32LittleEndian(s[28..]), (ColumnCodec)BinaryPrimitives.ReadInt32LittleEndian(s[12..]), BinaryPrimitives.ReadInt32LittleEndian(s[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(s[24..]), BinaryPrimitives.ReadInt64LittleEndian(s[32..]), BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            RecordFile.ReadCounters(s[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[80..]));
        var chunks = new TalkerRollupChunk[count];
        long next = end + 4, pairs = 0, flows = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> e = s.Slice(HeaderSize + (i * TalkerRollupChunk.Size), TalkerRollupChunk.Size);
            RollupMaxima maxima = default;
            for (int m = 0; m < RollupMaxima.Count; m++)
            {
                maxima[m] = BinaryPrimitives.ReadUInt64LittleEndian(e[(40 + (m * 8))..]);
            }

            var c = new TalkerRollupChunk(BinaryPrimitives.ReadInt64LittleEndian(e), BinaryPrimitives.ReadInt32LittleEndian(e[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(e[12..]), BinaryPrimitives.ReadInt32LittleEndian(e[16..]), BinaryPrimitives.ReadInt32LittleEndian(e[20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[24..]), BinaryPrimitives.ReadInt32LittleEndian(e[28..]), BinaryPrimitives.ReadUInt32LittleEndian(e[32..]),
                BinaryPrimitives.ReadInt64LittleEndian(e[(40 + (RollupMaxima.Count * 8))..]), maxima);
            if (c.Offset != next || c.Length < 0 || c.RawLength < 0 || c.Rows4 < 0 || c.Rows6 < 0 || c.BloomLength < 0 || c.BloomLength % 8 != 0 || c.Rows > MaxChunkRows || c.Flows < c.Rows)
            {
                error = $"roll-up chunk {i} has an impossible directory entry";
                return null;
            }

            next = c.End;
            pairs += c.Rows;
            flows += c.Flows;
            chunks[i] = c;
        }

        if (pairs != header.Pairs || flows != header.Flows4 + header.Flows6)
        {
            error = $"roll-up chunks hold {pairs} pairs of {flows} flows, the header says {header.Pairs} of {header.Flows4 + header.Flows6}";
            return null;
        }

        if (next != fileLength)
        {
            error = next > fileLength ? $"roll-up is truncated: {fileLength} bytes of {next}" : $"roll-up has {fileLength - next} bytes after its last chunk";
            return null;
        }

        error = null;
        return (header, chunks);
    }

    /// <summary>Whether every probe position of a pair is set (the pair may be in the chunk).</summary>
    public static bool BloomContains(ReadOnlySpan<ulong> filter, ulong hash)
    {
        ulong bits = (ulong)filter.Length * 64;
        if (bits == 0)
        {
            return false;
        }

        ulong h1 = hash, h2 = (hash >> 32) | 1;
        for (int k = 0; k < BloomHashes; k++)
        {
            ulong bit = (h1 + ((ulong)k * h2)) % bits;
            if ((filter[(int)(bit >> 6)] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sets a pair's probe positions.</summary>
    public static void BloomAdd(Span<ulong> filter, ulong hash)
    {
        ulong bits = (ulong)filter.Length * 64;
        ulong h1 = hash, h2 = (hash >> 32) | 1;
        for (int k = 0; k < BloomHashes; k++)
        {
            ulong bit = (h1 + ((ulong)k * h2)) % bits;
            filter[(int)(bit >> 6)] |= 1UL << (int)(bit & 63);
        }
    }
}
