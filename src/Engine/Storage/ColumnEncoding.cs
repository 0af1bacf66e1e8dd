using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Storage;

/// <summary>
/// The encodings of column chunks before compression. Integers are stored with the block's minimal byte width
/// and split into byte planes (all lowest bytes, then the next ...), optionally as deltas of a sorted column;
/// zero high planes and repeated low bytes are what the compressor then removes almost entirely.
/// Addresses: the IPv4 rows as a 32-bit integer column, then the IPv6 rows as 16 byte planes.
/// </summary>
internal static class ColumnEncoding
{
    private const byte DeltaFlag = 1;

    /// <summary>Largest encoded size of an integer column of <paramref name="count"/> values of <paramref name="width"/> bytes.</summary>
    public static int MaxIntegerLength(int count, int width) => 2 + (count * width);

    /// <summary>Largest encoded size of an address column.</summary>
    public static int MaxAddressLength(int rows4, int rows6) => MaxIntegerLength(rows4, 4) + (rows6 * 16);

    /// <summary>Encodes integers as [flags][width][planes]; returns the bytes written.</summary>
    public static int EncodeIntegers<T>(ReadOnlySpan<T> values, bool delta, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        int n = values.Length;
        ulong max = 0;
        if (delta)
        {
            ulong previous = 0;
            for (int i = 0; i < n; i++)
            {
                ulong v = ulong.CreateTruncating(values[i]);
                max |= v - previous;
                previous = v;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                max |= ulong.CreateTruncating(values[i]);
            }
        }

        int width = max == 0 ? 0 : ((64 - BitOperations.LeadingZeroCount(max)) + 7) >> 3;
        destination[0] = delta ? DeltaFlag : (byte)0;
        destination[1] = (byte)width;
        Span<byte> planes = destination[2..];
        for (int plane = 0; plane < width; plane++)
        {
            Span<byte> p = planes.Slice(plane * n, n);
            int shift = plane * 8;
            ulong previous = 0;
            for (int i = 0; i < n; i++)
            {
                ulong v = ulong.CreateTruncating(values[i]);
                p[i] = (byte)((delta ? v - previous : v) >> shift);
                previous = v;
            }
        }

        return 2 + (width * n);
    }

    /// <summary>Decodes an integer column into exactly <paramref name="destination"/>; returns the bytes consumed or -1 when malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DecodeIntegers<T>(ReadOnlySpan<byte> source, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        int n = destination.Length;
        if (source.Length < 2)
        {
            return -1;
        }

        bool delta = (source[0] & DeltaFlag) != 0;
        int width = source[1];
        if (width > 8 || source.Length < 2 + (width * n))
        {
            return -1;
        }

        ReadOnlySpan<byte> planes = source[2..];
        if (width == 0)
        {
            destination.Clear();
            return 2;
        }

        // Plane 0 assigns, the others OR in; each loop is a straight pass the CPU streams through.
        ReadOnlySpan<byte> p0 = planes[..n];
        for (int i = 0; i < p0.Length; i++)
        {
            destination[i] = T.CreateTruncating(p0[i]);
        }

        for (int plane = 1; plane < width; plane++)
        {
            ReadOnlySpan<byte> p = planes.Slice(plane * n, n);
            int shift = plane * 8;
            for (int i = 0; i < p.Length; i++)
            {
                destination[i] |= T.CreateTruncating((ulong)p[i] << shift);
            }
        }

        if (delta)
        {
            T sum = T.Zero;
            for (int i = 0; i < destination.Length; i++)
            {
                sum += destination[i];
                destination[i] = sum;
            }
        }

        return 2 + (width * n);
    }

    /// <summary>Encodes an address column: IPv4 rows as integers, then IPv6 rows as 16 big-endian byte planes.</summary>
    public static int EncodeAddresses(ReadOnlySpan<uint> v4, ReadOnlySpan<UInt128> v6, bool delta, Span<byte> destination)
    {
        int written = EncodeIntegers(v4, delta, destination);
        int n = v6.Length;
        Span<byte> planes = destination.Slice(written, n * 16);
        Span<byte> be = stackalloc byte[16];
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(be, v6[i]);
            for (int b = 0; b < 16; b++)
            {
                planes[(b * n) + i] = be[b];
            }
        }

        return written + (n * 16);
    }

    /// <summary>Decodes an address column; false when malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool DecodeAddresses(ReadOnlySpan<byte> source, Span<uint> v4, Span<UInt128> v6)
    {
        int used = DecodeIntegers(source, v4);
        int n = v6.Length;
        if (used < 0 || source.Length != used + (n * 16))
        {
            return false;
        }

        ReadOnlySpan<byte> planes = source[used..];
        for (int i = 0; i < n; i++)
        {
            ulong hi = 0, lo = 0;
            for (int b = 0; b < 8; b++)
            {
                hi = (hi << 8) | planes[(b * n) + i];
                lo = (lo << 8) | planes[((b + 8) * n) + i];
            }

            v6[i] = new UInt128(hi, lo);
        }

        return true;
    }
}
