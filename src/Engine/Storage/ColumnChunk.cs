namespace Weir.Engine.Storage;

/// <summary>Where one column of one block lives in the day's column file, and how to check and decode it.</summary>
/// <param name="Offset">Byte offset in the column file.</param>
/// <param name="Length">Stored (compressed) length.</param>
/// <param name="RawLength">Encoded length before compression.</param>
/// <param name="Crc">CRC-32C of the stored bytes.</param>
/// <param name="Codec">Compression codec.</param>
internal readonly record struct ColumnChunk(long Offset, int Length, int RawLength, uint Crc, ColumnCodec Codec)
{
    /// <summary>Serialized size in the metadata file.</summary>
    public const int Size = 21;

    /// <summary>Offset just past the chunk.</summary>
    public long End => Offset + Length;
}
