namespace Weir.Engine.Storage;

/// <summary>One chunk of a roll-up as its directory entry describes it.</summary>
/// <param name="Offset">Byte offset of the compressed rows in the file.</param>
/// <param name="Length">Compressed length.</param>
/// <param name="RawLength">Length before compression.</param>
/// <param name="Rows4">IPv4 pairs.</param>
/// <param name="Rows6">IPv6 pairs.</param>
/// <param name="Crc">CRC-32C of the compressed rows.</param>
/// <param name="BloomLength">Bytes of the chunk's Bloom filter, stored right after the rows.</param>
/// <param name="BloomCrc">CRC-32C of the Bloom filter.</param>
/// <param name="Flows">Flows the chunk's pairs sum.</param>
/// <param name="Maxima">Largest value in the chunk of each <see cref="RollupMetric"/>.</param>
internal readonly record struct TalkerRollupChunk(long Offset, int Length, int RawLength, int Rows4, int Rows6, uint Crc, int BloomLength, uint BloomCrc,
    long Flows, RollupMaxima Maxima)
{
    /// <summary>Bytes of a directory entry.</summary>
    public const int Size = 40 + (RollupMaxima.Count * 8) + 8;

    /// <summary>Pairs in the chunk.</summary>
    public int Rows => Rows4 + Rows6;

    /// <summary>End of the chunk's bytes (rows and Bloom filter).</summary>
    public long End => Offset + Length + BloomLength;
}
