using System.Buffers.Binary;
using System.Numerics;

namespace Weir.Engine.Storage;

/// <summary>CRC-32C (Castagnoli) over byte spans, using the SSE4.2 / ARMv8 instruction where the CPU has it.</summary>
internal static class Crc32C
{
    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>Folds <paramref name="data"/> into a running (non-finalised) CRC state.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
