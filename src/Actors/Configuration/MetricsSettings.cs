namespace Weir.Actors.Configuration;

/// <summary><c>weir.metrics</c>.</summary>
/// <param name="IfaceLabel"><c>iface-label</c>: label per-interface series with the interface name.</param>
public sealed record MetricsSettings(bool IfaceLabel)
{
    internal static MetricsSettings FromConfig(Config metrics) => new(metrics.GetBooleanStrict("iface-label"));
}
