using System.Runtime.CompilerServices;

namespace Weir.Engine.Synthetic;

/// <summary>
/// The bytes every generated payload is cut from, with prefix sums of its 16-bit words so that the Internet
/// checksum of any slice costs two lookups instead of a pass over the payload. Slices start at even offsets,
/// which keeps them aligned with the words of the transport header in front of them.
/// </summary>
internal sealed class PayloadPattern
{
    /// <summary>Number of distinct even start offsets a slice may have.</summary>
    public const int Starts = 32_768;

    /// <summary>Longest slice.</summary>
    public const int MaxLength = 1_536;

    private readonly byte[] _bytes;
    private readonly ulong[] _prefix;

    public PayloadPattern(ref Xoshiro256 random)
    {
        _bytes = new byte[(Starts * 2) + MaxLength];
        for (int i = 0; i < _bytes.Length; i += 8)
        {
            ulong bits = random.NextUInt64();
            for (int j = 0; j < 8 && i + j < _bytes.Length; j++)
            {
                _bytes[i + j] = (byte)(bits >> (8 * j));
            }
        }

        _prefix = new ulong[(_bytes.Length / 2) + 1];
        for (int w = 0; w < _bytes.Length / 2; w++)
        {
            _prefix[w + 1] = _prefix[w] + (uint)((_bytes[2 * w] << 8) | _bytes[(2 * w) + 1]);
        }
    }

    /// <summary>The slice at <paramref name="start"/> (even) of <paramref name="length"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    /// <summary>The one's-complement sum (not folded) of the slice, read as big-endian words padded with a zero byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Sum(int start, int length)
    {
        int first = start >> 1;
        int words = length >> 1;
        ulong sum = _prefix[first + words] - _prefix[first];
        if ((length & 1) != 0)
        {
            sum += (uint)_bytes[start + length - 1] << 8;
        }

        return sum;
    }
}
