using System.Text.RegularExpressions;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Actors.Capture;

/// <summary>
/// <c>/user/capture</c>: one <see cref="CaptureActor"/> per interface, each behind a <see cref="BackoffSupervisor"/>
/// (restarted after a failure with <c>weir.capture.backoff</c>, siblings untouched). Applies
/// <see cref="UpdateInterfaces"/>, answers <see cref="GetStatus"/> from the live counters, and gathers
/// rotations and live flows from the capture actors.
/// </summary>
public sealed class CaptureManager : ReceiveActor
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(10);

    private readonly CaptureSettings _settings;
    private readonly Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>> _openSources;
    private readonly Func<IReadOnlyList<string>> _listInterfaces;
    private readonly IActorRef _writeout;
    private readonly CaptureRegistry _registry;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _stopping = [];
    private readonly Dictionary<string, InterfaceConfig> _startWhenStopped = new(StringComparer.Ordinal);
    private IReadOnlyList<InterfaceConfig> _desired = [];

    /// <summary>Creates the manager (use <see cref="Props"/>).</summary>
    public CaptureManager(
        CaptureSettings settings,
        Func<InterfaceConfig, ICaptureSource> sourceFactory,
        Func<IReadOnlyList<string>> listInterfaces,
        IActorRef writeout,
        CaptureRegistry registry,
        IReadOnlyList<InterfaceConfig>? initial,
        Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>>? openSources = null)
    {
        _settings = settings;
        _openSources = openSources ?? ((config, count) => [.. Enumerable.Range(0, count).Select(_ => sourceFactory(config))]);
        _listInterfaces = listInterfaces;
        _writeout = writeout;
        _registry = registry;
        if (initial is { Count: > 0 })
        {
            Self.Tell(new UpdateInterfaces(initial), ActorRefs.Nobody);
        }

        Receive<UpdateInterfaces>(OnUpdate);
        Receive<GetStatus>(_ => Sender.Tell(new CaptureStatus([.. _entries.Keys.Order(StringComparer.Ordinal).Select(n => _entries[n].Counters.ToStatus())])));
        Receive<GetConfig>(_ => Sender.Tell(new CaptureConfig(_desired, [.. _entries.Values.Select(e => e.Config).OrderBy(c => c.Name, StringComparer.Ordinal)])));
        Receive<GetFlowMaps>(_ => OnGetFlowMaps());
        Receive<RotateNow>(_ => OnRotate(null, Sender));
        Receive<RotateAt>(r => OnRotate(r.End, Sender));
        Receive<StopCapture>(_ => OnStopCapture());
        Receive<Close>(_ => OnClose());
        Receive<Terminated>(OnTerminated);
    }

    /// <summary>Props of the manager.</summary>
    public static Props Props(
        CaptureSettings settings,
        Func<InterfaceConfig, ICaptureSource> sourceFactory,
        Func<IReadOnlyList<string>> listInterfaces,
        IActorRef writeout,
        CaptureRegistry registry,
        IReadOnlyList<InterfaceConfig>? initial = null,
        Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>>? openSources = null) =>
        Kernel.Props.Create(() => new CaptureManager(settings, sourceFactory, listInterfaces, writeout, registry, initial, openSources));

    /// <summary>The entries <c>weir.capture</c> asks for at start: the listed interfaces, plus discovery when it is on.</summary>
    public static IReadOnlyList<InterfaceConfig> Configured(CaptureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var list = settings.Interfaces.Select(InterfaceConfig.Named).ToList();
        if (settings.Discover)
        {
            list.Add(InterfaceConfig.Discover());
        }

        return list;
    }

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void OnUpdate(UpdateInterfaces update)
    {
        Dictionary<string, InterfaceConfig> wanted;
        try
        {
            wanted = Expand(update.Interfaces);
        }
        catch (ArgumentException ex)
        {
            Sender.Tell(new Status.Failure(ex));
            return;
        }

        var enabled = new List<string>();
        var updated = new List<string>();
        var disabled = new List<string>();
        foreach (var name in _entries.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            StopEntry(name);
            _registry.Remove(name);
            disabled.Add(name);
        }

        foreach (var (name, config) in wanted)
        {
            if (_entries.TryGetValue(name, out var entry))
            {
                if (entry.Config != config)
                {
                    StopEntry(name);
                    StartEntry(config);
                    updated.Add(name);
                }
            }
            else
            {
                StartEntry(config);
                enabled.Add(name);
            }
        }

        _desired = [.. update.Interfaces];
        enabled.Sort(StringComparer.Ordinal);
        updated.Sort(StringComparer.Ordinal);
        disabled.Sort(StringComparer.Ordinal);
        Sender.Tell(new UpdateResult(enabled, updated, disabled));
    }

    private Dictionary<string, InterfaceConfig> Expand(IReadOnlyList<InterfaceConfig> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var result = new Dictionary<string, InterfaceConfig>(StringComparer.Ordinal);
        IReadOnlyList<string>? host = null;
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            ArgumentException.ThrowIfNullOrEmpty(entry.Name);
            if (entry.Match == InterfaceMatch.Exact)
            {
                result[entry.Name] = Effective(entry, entry.Name);
                continue;
            }

            Regex regex;
            try
            {
                regex = new Regex("^(?:" + entry.Name + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"'{entry.Name}' is not a valid regular expression: {ex.Message}", nameof(entries), ex);
            }

            host ??= _listInterfaces();
            foreach (var name in host)
            {
                if (regex.IsMatch(name) && !_settings.IsExcluded(name) && !result.ContainsKey(name))
                {
                    result[name] = Effective(entry, name);
                }
            }
        }

        if (result.Count > _settings.MaxInterfaces)
        {
            throw new ArgumentException($"{result.Count} interfaces selected, more than weir.capture.max-interfaces ({_settings.MaxInterfaces})", nameof(entries));
        }

        return result;
    }

    private InterfaceConfig Effective(InterfaceConfig entry, string name) => new(
        name,
        InterfaceMatch.Exact,
        entry.Promiscuous ?? _settings.Promiscuous,
        entry.SnapLength ?? _settings.SnapLength,
        entry.Filter ?? _settings.Filter);

    private void StartEntry(InterfaceConfig config)
    {
        var counters = _registry.GetOrAdd(config.Name);
        counters.SetError(null);
        if (_startWhenStopped.ContainsKey(config.Name) || _stopping.ContainsValue(config.Name))
        {
            // The previous actor of this name has not terminated yet; its name is still taken.
            _startWhenStopped[config.Name] = config;
            _entries[config.Name] = new Entry(config, null, counters, NewPool());
            return;
        }

        var pool = NewPool();
        _entries[config.Name] = new Entry(config, CreateSupervisor(config, counters, pool), counters, pool);
    }

    // Per interface, so that a live query over many interfaces never waits for another's buffer; arenas are
    // allocated on first use only. Each fanout socket copies into a buffer of its own during a live query.
    private LocalBufferPool NewPool() => new(Math.Max(_settings.LocalBuffer.PoolSize, _settings.Fanout), (int)Math.Min(_settings.LocalBuffer.Size, Array.MaxLength));

    private IActorRef CreateSupervisor(InterfaceConfig config, InterfaceCounters counters, LocalBufferPool pool)
    {
        var backoff = _settings.Backoff;
        var options = Backoff.OnFailure(
                CaptureActor.Props(config, _openSources, _settings.Fanout, _writeout, counters, pool, _settings.ThreadNice),
                "capture",
                backoff.Min,
                backoff.Max,
                backoff.RandomFactor) with
        {
            Decider = _ => Directive.Restart,
        };
        return Context.Watch(Context.ActorOf(BackoffSupervisor.Props(options), ActorNames.Escape(config.Name)));
    }

    private void StopEntry(string name)
    {
        var entry = _entries[name];
        _entries.Remove(name);
        _startWhenStopped.Remove(name);
        if (entry.Supervisor is { } supervisor)
        {
            _stopping[supervisor] = name;
            Context.Stop(supervisor);
            entry.Counters.Wake();
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_stopping.Remove(terminated.ActorRef, out var name))
        {
            if (_startWhenStopped.Remove(name, out var config) && _entries.TryGetValue(name, out var entry))
            {
                _entries[name] = entry with { Supervisor = CreateSupervisor(config, entry.Counters, entry.Pool) };
            }

            return;
        }

        // A supervisor gave up (it should not: capture retries forever); forget the interface's actor but keep its entry visible.
        foreach (var (n, e) in _entries)
        {
            if (terminated.ActorRef.Equals(e.Supervisor))
            {
                _entries[n] = e with { Supervisor = null };
                e.Counters.SetState(CaptureState.Stopped);
                break;
            }
        }
    }

    private void OnRotate(DateTimeOffset? end, IActorRef replyTo)
    {
        var started = Context.System.Scheduler.MonotonicClock;
        var histogram = _registry.RotationDuration;
        var clock = Context.System.Scheduler;
        var tasks = _entries.Values.Select(e => AskActor(e.Counters, new CaptureActor.Rotate(end))).ToList();
        Task.WhenAll(tasks).PipeTo(replyTo, Self, results =>
        {
            histogram.Observe(clock.MonotonicClock - started);
            return new RotateResult([.. results.OfType<CaptureActor.Rotated>().Select(r => r.Block).OfType<RotatedBlock>().OrderBy(b => b.Interface, StringComparer.Ordinal)]);
        });
    }

    private void OnGetFlowMaps()
    {
        var tasks = _entries.Values.Select(e => AskActor(e.Counters, CaptureActor.AggregateFlows.Instance)).ToList();
        Task.WhenAll(tasks).PipeTo(Sender, Self, results =>
            new FlowMaps([.. results.OfType<FlowBlock>().OrderBy(b => b.InterfaceName, StringComparer.Ordinal)]));
    }

    private void OnStopCapture()
    {
        var tasks = _entries.Values.Select(e => AskActor(e.Counters, StopCapture.Instance)).ToList();
        Task.WhenAll(tasks).PipeTo(Sender, Self, _ => CaptureStopped.Instance);
    }

    private void OnClose()
    {
        // Stopping an actor rotates it in PostStop, so its block reaches writeout before Terminated.
        var supervisors = _entries.Values.Select(e => e.Supervisor).OfType<IActorRef>().ToList();
        foreach (var name in _entries.Keys.ToList())
        {
            StopEntry(name);
            _registry.Remove(name);
        }

        _desired = [];
        var replyTo = Sender;
        Task.WhenAll(supervisors.Select(s => s.GracefulStop(s_askTimeout).ContinueWith(_ => true, TaskScheduler.Default)))
            .PipeTo(replyTo, Self, _ => Closed.Instance);
    }

    /// <summary>Sends <paramref name="message"/> straight to the running capture actor and wakes its source; a missing or silent actor answers <c>null</c>.</summary>
    private static async Task<object?> AskActor(InterfaceCounters counters, object message)
    {
        if (counters.Actor is not { } actor)
        {
            return null;
        }

        try
        {
            var task = actor.Ask(message, s_askTimeout);
            counters.Wake();
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record Entry(InterfaceConfig Config, IActorRef? Supervisor, InterfaceCounters Counters, LocalBufferPool Pool);

    /// <summary>Rotates every interface at the boundary <paramref name="End"/> (from <c>/user/rotation</c>); the answer is <see cref="RotateResult"/>.</summary>
    internal sealed record RotateAt(DateTimeOffset End);
}
