using System.Runtime.InteropServices;

namespace Weir.Engine.Storage;

/// <summary>P/Invoke bindings to the machine's libzstd and liblz4, loaded lazily; absent libraries are reported, not thrown.</summary>
internal static partial class NativeCodecs
{
    private const string ZstdLibrary = "libzstd.so.1";
    private const string Lz4Library = "liblz4.so.1";

    private static readonly Lazy<bool> s_zstd = new(() => Probe(ZstdLibrary, "ZSTD_compress"));
    private static readonly Lazy<bool> s_lz4 = new(() => Probe(Lz4Library, "LZ4_compress_default"));

    [ThreadStatic]
    private static IntPtr t_zstdDecompressContext;

    /// <summary>Whether libzstd could be loaded.</summary>
    public static bool ZstdAvailable => s_zstd.Value;

    /// <summary>Whether liblz4 could be loaded.</summary>
    public static bool Lz4Available => s_lz4.Value;

    /// <summary>Upper bound of zstd's output for <paramref name="length"/> input bytes.</summary>
    public static int ZstdBound(int length) => checked((int)ZSTD_compressBound((nuint)length));

    /// <summary>Compresses with zstd; returns the compressed length or -1 on failure.</summary>
    public static unsafe int ZstdCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            nuint n = ZSTD_compress(dst, (nuint)destination.Length, src, (nuint)source.Length, level);
            return ZSTD_isError(n) != 0 ? -1 : (int)n;
        }
    }

    /// <summary>Decompresses zstd into exactly <paramref name="destination"/>; returns the length or -1 on failure.</summary>
    public static unsafe int ZstdDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (t_zstdDecompressContext == IntPtr.Zero)
        {
            // One context per thread: scans decompress thousands of chunks and a context is worth reusing.
            t_zstdDecompressContext = ZSTD_createDCtx();
        }

        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            nuint n = ZSTD_decompressDCtx(t_zstdDecompressContext, dst, (nuint)destination.Length, src, (nuint)source.Length);
            return ZSTD_isError(n) != 0 ? -1 : (int)n;
        }
    }

    /// <summary>Upper bound of LZ4's output for <paramref name="length"/> input bytes.</summary>
    public static int Lz4Bound(int length) => LZ4_compressBound(length);

    /// <summary>Compresses with LZ4; returns the compressed length or -1 on failure.</summary>
    public static unsafe int Lz4Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            int n = LZ4_compress_default(src, dst, source.Length, destination.Length);
            return n <= 0 ? -1 : n;
        }
    }

    /// <summary>Decompresses LZ4 into <paramref name="destination"/>; returns the length or -1 on failure.</summary>
    public static unsafe int Lz4Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            int n = LZ4_decompress_safe(src, dst, source.Length, destination.Length);
            return n < 0 ? -1 : n;
        }
    }

    private static bool Probe(string library, string symbol)
    {
        if (!NativeLibrary.TryLoad(library, out IntPtr handle))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(handle, symbol, out _);
    }

    [LibraryImport(ZstdLibrary)]
    private static partial nuint ZSTD_compressBound(nuint srcSize);

    [LibraryImport(ZstdLibrary)]
    private static unsafe partial nuint ZSTD_compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(ZstdLibrary)]
    private static partial IntPtr ZSTD_createDCtx();

    [LibraryImport(ZstdLibrary)]
    private static unsafe partial nuint ZSTD_decompressDCtx(IntPtr dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(ZstdLibrary)]
    private static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Lz4Library)]
    private static partial int LZ4_compressBound(int inputSize);

    [LibraryImport(Lz4Library)]
    private static unsafe partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);

    [LibraryImport(Lz4Library)]
    private static unsafe partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);
}
