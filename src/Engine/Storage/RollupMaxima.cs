using System.Runtime.CompilerServices;

namespace Weir.Engine.Storage;

/// <summary>The largest value of each ranking metric over a set of roll-up rows; the bound a top-N merge needs.</summary>
[InlineArray(Count)]
internal struct RollupMaxima
{
    /// <summary>Number of metrics (<see cref="RollupMetric"/>).</summary>
    public const int Count = 6;

    private ulong _element;

    /// <summary>Raises each metric's maximum to the row's value.</summary>
    public void Include(ulong br, ulong bs, ulong pr, ulong ps)
    {
        this[(int)RollupMetric.Bytes] = Math.Max(this[(int)RollupMetric.Bytes], br + bs);
        this[(int)RollupMetric.BytesReceived] = Math.Max(this[(int)RollupMetric.BytesReceived], br);
        this[(int)RollupMetric.BytesSent] = Math.Max(this[(int)RollupMetric.BytesSent], bs);
        this[(int)RollupMetric.Packets] = Math.Max(this[(int)RollupMetric.Packets], pr + ps);
        this[(int)RollupMetric.PacketsReceived] = Math.Max(this[(int)RollupMetric.PacketsReceived], pr);
        this[(int)RollupMetric.PacketsSent] = Math.Max(this[(int)RollupMetric.PacketsSent], ps);
    }

    /// <summary>The larger of each metric.</summary>
    public static RollupMaxima Max(in RollupMaxima a, in RollupMaxima b)
    {
        RollupMaxima m = default;
        for (int i = 0; i < Count; i++)
        {
            m[i] = Math.Max(a[i], b[i]);
        }

        return m;
    }
}
