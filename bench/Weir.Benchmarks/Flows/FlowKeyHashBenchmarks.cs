using BenchmarkDotNet.Attributes;
using Weir.Engine.Flows;

namespace Weir.Benchmarks.Flows;

/// <summary>The flow keys' multiply-xorshift hash against <see cref="HashCode.Combine{T1, T2, T3, T4}"/> over the same fields. One operation = one key.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FlowKeyHashBenchmarks
{
    private const int Keys = 4096;
    private readonly FlowKeyV4[] _v4 = new FlowKeyV4[Keys];
    private readonly FlowKeyV6[] _v6 = new FlowKeyV6[Keys];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        for (int i = 0; i < Keys; i++)
        {
            _v4[i] = new FlowKeyV4((uint)rng.Next(), (uint)rng.Next(), (ushort)rng.Next(65536), 6);
            _v6[i] = new FlowKeyV6((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ushort)rng.Next(65536), 17);
        }
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong V4_MultiplyXorShift()
    {
        ulong acc = 0;
        foreach (FlowKeyV4 k in _v4)
        {
            acc += k.Hash(0x1234567);
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong V4_HashCodeCombine()
    {
        ulong acc = 0;
        foreach (FlowKeyV4 k in _v4)
        {
            acc += (ulong)HashCode.Combine(k.Source, k.Destination, k.DestinationPort, k.Protocol);
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong V6_MultiplyXorShift()
    {
        ulong acc = 0;
        foreach (FlowKeyV6 k in _v6)
        {
            acc += k.Hash(0x1234567);
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public ulong V6_HashCodeCombine()
    {
        ulong acc = 0;
        foreach (FlowKeyV6 k in _v6)
        {
            acc += (ulong)HashCode.Combine(k.SourceHigh, k.SourceLow, k.DestinationHigh, k.DestinationLow, k.DestinationPort, k.Protocol);
        }

        return acc;
    }
}
