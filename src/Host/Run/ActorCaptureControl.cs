using Weir.Actors;
using Weir.Actors.Capture;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Metrics;
using Weir.Actors.Persistence;
using Weir.Actors.Writeout;
using Weir.Engine.Capture.Live;
using Weir.Engine.Flows;

namespace Weir.Host.Run;

/// <summary>
/// Capture control through the capture actors (<c>/user/capture</c>). The host owns the interface list: the
/// configured names (plus the host's interfaces when <c>weir.capture.discover</c> is on, minus the excluded
/// ones), with the persisted enables and disables applied, sent as one <see cref="UpdateInterfaces"/> of names.
/// </summary>
public sealed class ActorCaptureControl : ICaptureControl
{
    private static readonly TimeSpan s_ask = TimeSpan.FromSeconds(10);
    private readonly WeirActorRefs _actors;
    private readonly DesiredInterfaces _desired;
    private readonly SemaphoreSlim _update = new(1, 1);
    private readonly Func<IReadOnlyList<string>> _listInterfaces;
    private CaptureSettings _capture;

    /// <summary>Creates the control over started actors.</summary>
    /// <param name="actors">What <see cref="WeirActors.Start"/> returned.</param>
    /// <param name="desired">The persisted desired state.</param>
    /// <param name="capture">The capture settings (interfaces, discover, exclude).</param>
    /// <param name="listInterfaces">The host's interfaces, for discovery (default: every interface of the machine).</param>
    public ActorCaptureControl(WeirActorRefs actors, DesiredInterfaces desired, CaptureSettings capture, Func<IReadOnlyList<string>>? listInterfaces = null)
    {
        _actors = actors;
        _desired = desired;
        _capture = capture;
        _listInterfaces = listInterfaces ?? NetworkInterfaces.UpNames;
    }

    /// <summary>The interfaces capture should run on now.</summary>
    public IReadOnlyList<string> Wanted()
    {
        var capture = Volatile.Read(ref _capture);
        var configured = new List<string>(capture.Interfaces);
        if (capture.Discover)
        {
            configured.AddRange(_listInterfaces().Where(n => !capture.IsExcluded(n)));
        }

        return _desired.Effective(configured);
    }

    /// <summary>Sends the wanted list to the capture manager.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await _update.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = Wanted().Select(InterfaceConfig.Named).ToArray();
            await _actors.Capture.Ask<UpdateResult>(new UpdateInterfaces(wanted), s_ask, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _update.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InterfaceState>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await _actors.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_ask, cancellationToken).ConfigureAwait(false);
        var byName = status.Interfaces.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var names = new SortedSet<string>(byName.Keys, StringComparer.Ordinal);
        names.UnionWith(_desired.Overrides.Keys);
        names.UnionWith(Volatile.Read(ref _capture).Interfaces);
        return names.Select(n => byName.TryGetValue(n, out var s)
                ? new InterfaceState(n, true, s.State.ToString().ToLowerInvariant(), s.PacketsReceived, s.BytesReceived, s.ActiveFlows,
                    s.KernelDropped + s.WeirDropped.Values.Sum())
                : new InterfaceState(n, false, "disabled", 0, 0, 0, 0))
            .ToArray();
    }

    /// <inheritdoc/>
    public async Task SetEnabledAsync(string iface, bool enabled, CancellationToken cancellationToken)
    {
        _desired.Set(iface, enabled);
        await ApplyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task UpdateInterfacesAsync(IReadOnlyList<string> interfaces, CancellationToken cancellationToken)
    {
        var capture = Volatile.Read(ref _capture);
        Volatile.Write(ref _capture, capture with { Interfaces = interfaces });
        await ApplyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rotates every interface and waits until writeout has stored the blocks, so a query right after sees them.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        await _actors.Capture.Ask<RotateResult>(RotateNow.Instance, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await _actors.Writeout.Ask<Flushed>(Flush.Instance, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FlowBlock>> GetFlowMapsAsync(CancellationToken cancellationToken) =>
        (await _actors.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_ask, cancellationToken).ConfigureAwait(false)).Blocks;

    /// <inheritdoc/>
    public async Task<string> GetMetricsAsync(CancellationToken cancellationToken) =>
        (await _actors.Metrics.Ask<MetricsText>(GetMetricsText.Instance, s_ask, cancellationToken).ConfigureAwait(false)).Text;
}
