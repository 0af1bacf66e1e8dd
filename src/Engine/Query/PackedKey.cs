using System.Runtime.CompilerServices;

namespace Weir.Engine.Query;

/// <summary>Grouped attributes packed into 64 bits (IPv4 source and destination, or fewer attributes).</summary>
/// <param name="Value">The packed bits.</param>
internal readonly record struct PackedKey(ulong Value) : IGroupKey<PackedKey>
{
    /// <summary>All ones: only a 255.255.255.255 → 255.255.255.255 conversation packs to it; the map keeps that key aside.</summary>
    public static PackedKey Empty => new(ulong.MaxValue);

    /// <summary>Fibonacci hashing: one multiply spreads the low bits into the high ones the map indexes by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(in PackedKey key) => key.Value * 0x9E3779B97F4A7C15UL;
}
