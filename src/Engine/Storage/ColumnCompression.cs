using System.Buffers;
using System.IO.Compression;

namespace Weir.Engine.Storage;

/// <summary>Compresses and decompresses column chunks with the codec recorded for each chunk.</summary>
public static class ColumnCompression
{
    /// <summary>The codec new blocks are written with: zstd when libzstd loads (chosen by measurement, see
    /// docs/benchmarks/storage.md), Brotli otherwise.</summary>
    public static ColumnCodec DefaultCodec => NativeCodecs.ZstdAvailable ? ColumnCodec.Zstd : ColumnCodec.Brotli;

    /// <summary>Whether this process can decode (and encode) <paramref name="codec"/>.</summary>
    public static bool IsAvailable(ColumnCodec codec) => codec switch
    {
        ColumnCodec.None or ColumnCodec.Brotli or ColumnCodec.Deflate => true,
        ColumnCodec.Zstd => NativeCodecs.ZstdAvailable,
        ColumnCodec.Lz4 => NativeCodecs.Lz4Available,
        _ => false,
    };

    /// <summary>Upper bound of the compressed size of <paramref name="length"/> bytes.</summary>
    public static int MaxCompressedLength(ColumnCodec codec, int length) => codec switch
    {
        ColumnCodec.Zstd => NativeCodecs.ZstdBound(length),
        ColumnCodec.Lz4 => NativeCodecs.Lz4Bound(length),
        ColumnCodec.Brotli => BrotliEncoder.GetMaxCompressedLength(length),
        _ => length + (length >> 6) + 1024,
    };

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxCompressedLength"/> long) and returns the length written.</summary>
    /// <param name="codec">The codec.</param>
    /// <param name="source">Encoded column bytes.</param>
    /// <param name="destination">Output buffer.</param>
    /// <param name="level">Codec level; 0 takes the codec's default for Weir (zstd 3, Brotli 4).</param>
    public static int Compress(ColumnCodec codec, ReadOnlySpan<byte> source, Span<byte> destination, int level = 0)
    {
        int n;
        switch (codec)
        {
            case ColumnCodec.None:
                source.CopyTo(destination);
                return source.Length;
            case ColumnCodec.Zstd:
                n = NativeCodecs.ZstdCompress(source, destination, level == 0 ? 3 : level);
                break;
            case ColumnCodec.Lz4:
                n = NativeCodecs.Lz4Compress(source, destination);
                break;
            case ColumnCodec.Brotli:
                n = BrotliEncoder.TryCompress(source, destination, out int written, level == 0 ? 4 : level, 22) ? written : -1;
                break;
            case ColumnCodec.Deflate:
                n = DeflateCompress(source, destination, level);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec");
        }

        if (n < 0)
        {
            throw new InvalidOperationException($"{codec} compression failed on {source.Length} bytes");
        }

        return n;
    }

    /// <summary>Decompresses <paramref name="source"/> into exactly <paramref name="destination"/>; false when the
    /// bytes do not decode to that length (corruption).</summary>
    public static bool TryDecompress(ColumnCodec codec, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            switch (codec)
            {
                case ColumnCodec.None:
                    if (source.Length != destination.Length)
                    {
                        return false;
                    }

                    source.CopyTo(destination);
                    return true;
                case ColumnCodec.Zstd:
                    return NativeCodecs.ZstdDecompress(source, destination) == destination.Length;
                case ColumnCodec.Lz4:
                    return NativeCodecs.Lz4Decompress(source, destination) == destination.Length;
                case ColumnCodec.Brotli:
                    return BrotliDecoder.TryDecompress(source, destination, out int written) && written == destination.Length;
                case ColumnCodec.Deflate:
                    return DeflateDecompress(source, destination) == destination.Length;
                default:
                    return false;
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static int DeflateCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        using var output = new MemoryStream(source.Length / 2 + 64);
        CompressionLevel cl = level switch { 1 => CompressionLevel.Fastest, 9 => CompressionLevel.SmallestSize, _ => CompressionLevel.Optimal };
        using (var deflate = new DeflateStream(output, cl, leaveOpen: true))
        {
            deflate.Write(source);
        }

        if (output.Length > destination.Length)
        {
            return -1;
        }

        output.GetBuffer().AsSpan(0, (int)output.Length).CopyTo(destination);
        return (int)output.Length;
    }

    private static unsafe int DeflateDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            int total = 0;
            while (total < destination.Length)
            {
                int n = deflate.Read(destination[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            // Trailing data beyond the expected length means the chunk is not what the metadata describes.
            Span<byte> probe = stackalloc byte[1];
            return total == destination.Length && deflate.Read(probe) == 0 ? total : -1;
        }
    }

    /// <summary>Rents a buffer large enough for <paramref name="length"/> bytes from the shared pool.</summary>
    internal static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(Math.Max(length, 16));

    /// <summary>Returns a buffer to the shared pool.</summary>
    internal static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
