using System.Runtime.InteropServices;

namespace Weir.Actors.Kernel;

/// <summary>
/// Ordered shutdown (Akka's <c>CoordinatedShutdown</c>): named phases form a DAG through their
/// <c>DependsOn</c>, run in topological order; the tasks of one phase run in parallel, and a phase that
/// exceeds its timeout (or fails) is logged and left behind when <c>Recover</c> is on. <see cref="Run"/> is
/// idempotent and returns the same task every time; <see cref="ActorSystem.Terminate"/> runs it, and the last
/// phase terminates the system.
/// </summary>
public sealed class CoordinatedShutdown
{
    /// <summary>Phase names, in Akka's order.</summary>
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
#pragma warning disable CS1591 // The phase names document themselves.
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";
    public const string PhaseClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";
    public const string PhaseClusterLeave = "cluster-leave";
    public const string PhaseClusterExiting = "cluster-exiting";
    public const string PhaseClusterExitingDone = "cluster-exiting-done";
    public const string PhaseClusterShutdown = "cluster-shutdown";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string PhaseActorSystemTerminate = "actor-system-terminate";
#pragma warning restore CS1591

    private readonly ActorSystem _system;
    private readonly object _lock = new();
    private readonly Dictionary<string, List<(string Name, Func<Task<Done>> Task)>> _tasks = new(StringComparer.Ordinal);
    private readonly List<PosixSignalRegistration> _signals = [];
    private Task<Done>? _run;
    private Reason? _reason;

    internal CoordinatedShutdown(ActorSystem system)
    {
        _system = system;
        Phases = system.Settings.ShutdownPhases;
        OrderedPhases = TopologicalSort(Phases);
        if (system.Settings.TerminateActorSystemOnShutdown && Phases.ContainsKey(PhaseActorSystemTerminate))
        {
            AddTask(PhaseActorSystemTerminate, "terminate-system", async () =>
            {
                system.FinalTerminate();
                await system.WhenTerminated.ConfigureAwait(false);
                return Done.Instance;
            });
        }
    }

    /// <summary>Akka's default phases: 5 s each, 10 s for sharding, exiting and terminate, all recovering.</summary>
    public static IReadOnlyDictionary<string, ShutdownPhaseDefinition> DefaultPhases { get; } = BuildDefaultPhases();

    /// <summary>The phase definitions.</summary>
    public IReadOnlyDictionary<string, ShutdownPhaseDefinition> Phases { get; }

    /// <summary>The phases in the order they run.</summary>
    public IReadOnlyList<string> OrderedPhases { get; }

    /// <summary>Why the shutdown runs, once <see cref="Run"/> was called.</summary>
    public Reason? ShutdownReason => _reason;

    /// <summary>The system's coordinated shutdown (created on first use).</summary>
    public static CoordinatedShutdown Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrCreateCoordinatedShutdown();
    }

    /// <summary>Adds a task to <paramref name="phase"/>; tasks added after the phase started do not run.</summary>
    /// <exception cref="ArgumentException">The phase is unknown.</exception>
    public void AddTask(string phase, string taskName, Func<Task<Done>> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!Phases.ContainsKey(phase))
        {
            throw new ArgumentException($"Unknown shutdown phase [{phase}]; known: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        }

        lock (_lock)
        {
            if (!_tasks.TryGetValue(phase, out var list))
            {
                _tasks[phase] = list = [];
            }

            list.Add((taskName, task));
        }
    }

    /// <summary>Runs the phases (once); later calls return the same task. Completes when the last phase is done.</summary>
    public Task<Done> Run(Reason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_lock)
        {
            if (_run is not null)
            {
                return _run;
            }

            _reason = reason;
            _run = Task.Run(() => RunPhases(reason));
            return _run;
        }
    }

    /// <summary>
    /// Opt-in: runs the shutdown on SIGTERM, SIGINT (Ctrl-C) and SIGQUIT, cancelling the runtime's default exit
    /// so the phases can finish; the host then exits when <see cref="ActorSystem.WhenTerminated"/> completes.
    /// </summary>
    public void EnableSignalHandlers()
    {
        lock (_lock)
        {
            if (_signals.Count > 0)
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            {
                _signals.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    OnSignal(context.Signal);
                }));
            }
        }

        _system.WhenTerminated.ContinueWith(_ => DisableSignalHandlers(), TaskScheduler.Default);
    }

    /// <summary>Removes the handlers of <see cref="EnableSignalHandlers"/>.</summary>
    public void DisableSignalHandlers()
    {
        lock (_lock)
        {
            foreach (var registration in _signals)
            {
                registration.Dispose();
            }

            _signals.Clear();
        }
    }

    /// <summary>What a signal handler does: run with <see cref="SignalReason"/>.</summary>
    internal Task<Done> OnSignal(PosixSignal signal) => Run(new SignalReason(signal));

    private async Task<Done> RunPhases(Reason reason)
    {
        var log = _system.Log;
        foreach (var phase in OrderedPhases)
        {
            var definition = Phases[phase];
            (string Name, Func<Task<Done>> Task)[] tasks;
            lock (_lock)
            {
                tasks = _tasks.TryGetValue(phase, out var list) ? [.. list] : [];
            }

            if (!definition.Enabled || tasks.Length == 0)
            {
                continue;
            }

            var timeout = definition.Timeout ?? _system.Settings.DefaultPhaseTimeout;
            var running = tasks.Select(t => StartTask(t.Task)).ToArray();
            var all = Task.WhenAll(running);
            bool finished = await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) == all;
            string? problem = !finished
                ? $"Coordinated shutdown phase [{phase}] timed out after {timeout.TotalMilliseconds} ms"
                : all.IsFaulted ? $"Coordinated shutdown phase [{phase}] failed: {all.Exception?.InnerException?.Message}" : null;
            if (problem is null)
            {
                continue;
            }

            if (definition.Recover)
            {
                log.Warning(all.Exception?.InnerException, "{0}; going on (reason: {1}).", problem, reason);
            }
            else
            {
                log.Error(all.Exception?.InnerException, "{0}; remaining phases skipped (reason: {1}).", problem, reason);
                throw new TimeoutException(problem);
            }
        }

        return Done.Instance;
    }

    private static Task<Done> StartTask(Func<Task<Done>> task)
    {
        try
        {
            return task();
        }
#pragma warning disable CA1031 // A task that throws synchronously is a failed task, like one that faults.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<Done>(e);
        }
    }

    /// <summary>Orders the phases so that each comes after everything it depends on (ties by name), rejecting cycles.</summary>
    internal static IReadOnlyList<string> TopologicalSort(IReadOnlyDictionary<string, ShutdownPhaseDefinition> phases)
    {
        var result = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string phase)
        {
            if (done.Contains(phase))
            {
                return;
            }

            if (!visiting.Add(phase))
            {
                throw new ArgumentException($"Cycle in coordinated shutdown phases at [{phase}].", nameof(phases));
            }

            if (phases.TryGetValue(phase, out var definition))
            {
                foreach (var dependency in definition.DependsOn.Order(StringComparer.Ordinal))
                {
                    if (!phases.ContainsKey(dependency))
                    {
                        throw new ArgumentException($"Shutdown phase [{phase}] depends on unknown phase [{dependency}].", nameof(phases));
                    }

                    Visit(dependency);
                }
            }

            visiting.Remove(phase);
            done.Add(phase);
            result.Add(phase);
        }

        foreach (var phase in phases.Keys.Order(StringComparer.Ordinal))
        {
            Visit(phase);
        }

        return result;
    }

    private static Dictionary<string, ShutdownPhaseDefinition> BuildDefaultPhases()
    {
        string[] order =
        [
            PhaseBeforeServiceUnbind, PhaseServiceUnbind, PhaseServiceRequestsDone, PhaseServiceStop, PhaseBeforeClusterShutdown,
            PhaseClusterShardingShutdownRegion, PhaseClusterLeave, PhaseClusterExiting, PhaseClusterExitingDone, PhaseClusterShutdown,
            PhaseBeforeActorSystemTerminate, PhaseActorSystemTerminate,
        ];
        var longer = new HashSet<string>(StringComparer.Ordinal) { PhaseClusterShardingShutdownRegion, PhaseClusterExiting, PhaseActorSystemTerminate };
        var phases = new Dictionary<string, ShutdownPhaseDefinition>(StringComparer.Ordinal);
        for (int i = 0; i < order.Length; i++)
        {
            phases[order[i]] = new ShutdownPhaseDefinition(
                i == 0 ? [] : [order[i - 1]],
                longer.Contains(order[i]) ? TimeSpan.FromSeconds(10) : null);
        }

        return phases;
    }

    /// <summary>Why a shutdown runs.</summary>
    public class Reason
    {
        /// <inheritdoc/>
        public override string ToString() => GetType().Name;
    }

    /// <summary>The reason when <see cref="ActorSystem.Terminate"/> started the shutdown.</summary>
    public sealed class ActorSystemTerminateReason : Reason
    {
        private ActorSystemTerminateReason()
        {
        }

        /// <summary>The singleton.</summary>
        public static ActorSystemTerminateReason Instance { get; } = new();
    }

    /// <summary>The reason when application code started the shutdown.</summary>
    public sealed class UnknownReason : Reason
    {
        private UnknownReason()
        {
        }

        /// <summary>The singleton.</summary>
        public static UnknownReason Instance { get; } = new();
    }

    /// <summary>The reason when a signal (SIGTERM, Ctrl-C) started the shutdown.</summary>
    /// <param name="signal">The signal.</param>
    public sealed class SignalReason(PosixSignal signal) : Reason
    {
        /// <summary>The signal received.</summary>
        public PosixSignal Signal { get; } = signal;

        /// <inheritdoc/>
        public override string ToString() => $"SignalReason({Signal})";
    }
}
