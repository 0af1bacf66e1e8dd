namespace Weir.Actors.Metrics;

/// <summary>A thread-safe Prometheus histogram of durations in seconds (cumulative buckets, sum and count).</summary>
public sealed class Histogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private long _count;
    private long _sumMicros;

    /// <summary>A histogram with the upper bounds <paramref name="bounds"/> (seconds, ascending) plus +Inf.</summary>
    public Histogram(params double[] bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        _bounds = [.. bounds.Order()];
        _counts = new long[_bounds.Length];
    }

    /// <summary>Bounds suited to rotation and writeout: 1 ms to 5 min.</summary>
    public static double[] DurationBounds => [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

    /// <summary>The upper bounds, ascending.</summary>
    public IReadOnlyList<double> Bounds => _bounds;

    /// <summary>Observations so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Sum of the observations in seconds.</summary>
    public double Sum => Interlocked.Read(ref _sumMicros) / 1e6;

    /// <summary>Records one duration.</summary>
    public void Observe(TimeSpan duration)
    {
        double seconds = Math.Max(0, duration.TotalSeconds);
        for (int i = 0; i < _bounds.Length; i++)
        {
            if (seconds <= _bounds[i])
            {
                Interlocked.Increment(ref _counts[i]);
                break;
            }
        }

        Interlocked.Add(ref _sumMicros, (long)(seconds * 1e6));
        Interlocked.Increment(ref _count);
    }

    /// <summary>The cumulative count of observations at most <see cref="Bounds"/>[<paramref name="index"/>].</summary>
    public long CumulativeCount(int index)
    {
        long n = 0;
        for (int i = 0; i <= index && i < _counts.Length; i++)
        {
            n += Interlocked.Read(ref _counts[i]);
        }

        return n;
    }
}
