using Weir.Actors.Persistence;
using Weir.Engine.Flows;

namespace Weir.Host.Run;

/// <summary>
/// Capture control over the persisted desired state only, for a host started without capture actors: the API and
/// shell still list, enable and disable interfaces (and the choice survives a restart), but nothing is captured.
/// </summary>
public sealed class DesiredStateCaptureControl : ICaptureControl
{
    private readonly DesiredInterfaces _desired;
    private IReadOnlyList<string> _configured;

    /// <summary>Creates the control.</summary>
    public DesiredStateCaptureControl(DesiredInterfaces desired, IReadOnlyList<string> configured)
    {
        _desired = desired;
        _configured = configured;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<InterfaceState>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var overrides = _desired.Overrides;
        var names = new SortedSet<string>(Volatile.Read(ref _configured), StringComparer.Ordinal);
        names.UnionWith(overrides.Keys);
        var effective = new HashSet<string>(_desired.Effective(Volatile.Read(ref _configured)), StringComparer.Ordinal);
        IReadOnlyList<InterfaceState> states = names
            .Select(n => new InterfaceState(n, effective.Contains(n), effective.Contains(n) ? "desired" : "disabled", 0, 0, 0, 0))
            .ToArray();
        return Task.FromResult(states);
    }

    /// <inheritdoc/>
    public Task SetEnabledAsync(string iface, bool enabled, CancellationToken cancellationToken)
    {
        _desired.Set(iface, enabled);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UpdateInterfacesAsync(IReadOnlyList<string> interfaces, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _configured, interfaces);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RotateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<IReadOnlyList<FlowBlock>> GetFlowMapsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FlowBlock>>([]);

    /// <inheritdoc/>
    public Task<string> GetMetricsAsync(CancellationToken cancellationToken) => Task.FromResult("");
}
