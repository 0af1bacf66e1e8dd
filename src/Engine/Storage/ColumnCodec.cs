namespace Weir.Engine.Storage;

/// <summary>How a column chunk's bytes are compressed. The id is stored per chunk, so a database written with
/// one codec stays readable by a build that writes with another.</summary>
public enum ColumnCodec : byte
{
    /// <summary>Stored as encoded, uncompressed.</summary>
    None = 0,

    /// <summary>Zstandard through the machine's <c>libzstd.so.1</c> (the default when present).</summary>
    Zstd = 1,

    /// <summary>LZ4 block format through the machine's <c>liblz4.so.1</c>.</summary>
    Lz4 = 2,

    /// <summary>Brotli from the BCL (the fallback when libzstd is missing).</summary>
    Brotli = 3,

    /// <summary>Raw deflate from the BCL.</summary>
    Deflate = 4,
}
