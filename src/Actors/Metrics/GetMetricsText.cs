namespace Weir.Actors.Metrics;

/// <summary>Asks <c>/user/metrics</c> for all metrics in the Prometheus text format; the answer is <see cref="MetricsText"/>.</summary>
public sealed class GetMetricsText
{
    private GetMetricsText()
    {
    }

    /// <summary>The singleton.</summary>
    public static GetMetricsText Instance { get; } = new();
}
