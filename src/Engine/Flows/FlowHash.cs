using System.Numerics;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Flows;

/// <summary>
/// The multiply-xorshift hash the flow keys use: one multiply and rotate per 64-bit word, then a
/// murmur3-style finaliser so the low bits (which the table masks) depend on every input bit.
/// Cheaper than <see cref="HashCode.Combine{T1, T2}(T1, T2)"/> over the same fields (no per-argument
/// generic hashing, two words for an IPv4 key). Each table seeds it with its own random value so that
/// traffic crafted to collide under one seed does not collide under another.
/// </summary>
internal static class FlowHash
{
    /// <summary>A fresh random seed for a table.</summary>
    public static ulong NewSeed() => (ulong)Random.Shared.NextInt64() | 1;

    /// <summary>Folds one word into the state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong state, ulong value) => BitOperations.RotateLeft((state ^ value) * 0xBF58476D1CE4E5B9UL, 31);

    /// <summary>Avalanches the state into the final hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong state)
    {
        state ^= state >> 33;
        state *= 0xFF51AFD7ED558CCDUL;
        state ^= state >> 33;
        state *= 0xC4CEB9FE1A85EC53UL;
        state ^= state >> 33;
        return state;
    }
}
