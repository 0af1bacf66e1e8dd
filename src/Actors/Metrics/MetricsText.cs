namespace Weir.Actors.Metrics;

/// <summary>The answer to <see cref="GetMetricsText"/>.</summary>
/// <param name="Text">Prometheus text exposition format 0.0.4 (serve as <see cref="ContentType"/>).</param>
public sealed record MetricsText(string Text)
{
    /// <summary>The HTTP content type of the text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
}
