using System.Numerics;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Synthetic;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. The generator's own PRNG rather than
/// <see cref="Random"/>, so that a seed names the same traffic on every runtime version: the sequence is defined
/// here, not by the BCL.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift; the tiny bias is irrelevant here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int bound) => (int)(((NextUInt64() >> 32) * (ulong)(uint)bound) >> 32);

    /// <summary>Whether an event of probability <paramref name="probability"/> happens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>An exponential variate with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(NextDoubleNonZero());

    /// <summary>A Pareto variate with scale <paramref name="minimum"/> and shape <paramref name="alpha"/>.</summary>
    public double Pareto(double minimum, double alpha) => minimum * Math.Pow(NextDoubleNonZero(), -1.0 / alpha);

    /// <summary>A log-normal variate whose logarithm has mean <paramref name="mu"/> and deviation <paramref name="sigma"/>.</summary>
    public double LogNormal(double mu, double sigma)
    {
        // Box–Muller; one of the pair is thrown away, which keeps the generator stateless between calls.
        double u1 = NextDoubleNonZero();
        double u2 = NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Exp(mu + (sigma * z));
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
