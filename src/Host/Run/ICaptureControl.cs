using Weir.Engine.Flows;

namespace Weir.Host.Run;

/// <summary>What the admin API asks of capture: the seam between the host and the capture actors.</summary>
public interface ICaptureControl
{
    /// <summary>Every interface the host knows (configured, discovered or enabled through the API).</summary>
    Task<IReadOnlyList<InterfaceState>> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>Enables or disables capture on <paramref name="iface"/>; the change is persisted.</summary>
    Task SetEnabledAsync(string iface, bool enabled, CancellationToken cancellationToken);

    /// <summary>Replaces the configured interface list (SIGHUP reload, <c>PUT /config</c>).</summary>
    Task UpdateInterfacesAsync(IReadOnlyList<string> interfaces, CancellationToken cancellationToken);

    /// <summary>Ends the current interval on every interface now and hands it to writeout.</summary>
    Task RotateAsync(CancellationToken cancellationToken);

    /// <summary>A snapshot of the flows not yet written out, one block per interface.</summary>
    Task<IReadOnlyList<FlowBlock>> GetFlowMapsAsync(CancellationToken cancellationToken);

    /// <summary>Prometheus text of the capture metrics (empty when there are none).</summary>
    Task<string> GetMetricsAsync(CancellationToken cancellationToken);
}
