namespace Weir.Actors.Kernel;

/// <summary>
/// A tree of actors with its guardians (<c>/user</c> for application actors, <c>/system</c> for the
/// kernel's, <c>/deadLetters</c>, <c>/temp</c> for ask refs), scheduler, event stream and settings
/// (Akka's <c>ActorSystem</c>).
/// </summary>
public sealed class ActorSystem
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly object _extensionsLock = new();
    private CoordinatedShutdown? _coordinatedShutdown;
    private int _finalTerminateStarted;

    private ActorSystem(string name, ActorSystemSettings settings, ITimeProvider time)
    {
        Name = name;
        Settings = settings;
        TimeProvider = time;
        if (!settings.Mailboxes.ContainsKey(ActorSystemSettings.DefaultMailboxId))
        {
            throw new ArgumentException($"Settings must define the mailbox '{ActorSystemSettings.DefaultMailboxId}'.", nameof(settings));
        }

        Scheduler = time as IScheduler ?? new DedicatedThreadScheduler(time, settings.SchedulerTickDuration, $"weir-scheduler:{name}");
        EventStream = new EventStream();
        var rootPath = ActorPath.Root(name);
        TempPath = rootPath / "temp";
        DeadLettersRef = new DeadLettersActorRef(this, rootPath / "deadLetters");
        Log = new BusLogging(this, $"ActorSystem({name})", typeof(ActorSystem));
        if (settings.StdoutLogger)
        {
            EventStream.Subscribe(StandardOutLogger.Create(rootPath / "system" / "stdout-logger"), typeof(LogEvent));
        }

        var walker = new TerminationWatcherRef(rootPath / "bubble-walker", OnRootTerminated);
        _root = new ActorCell(this, Props.Create(() => new Guardian(SupervisorStrategy.StoppingStrategy)), rootPath, walker, null);
        _root.Start();
        _userGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(() => new Guardian(SupervisorStrategy.DefaultStrategy)), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(() => new Guardian(SupervisorStrategy.DefaultStrategy)), "system")).Cell;

        // As in Akka, the system ends when /user ends (for example when an escalation reaches the guardian).
        var guardianWatcher = new TerminationWatcherRef(rootPath / "system" / "user-guardian-watcher", FinalTerminate);
        _userGuardian.SelfRef.SendSystemMessage(new Watch(_userGuardian.SelfRef, guardianWatcher));
    }

    /// <summary>The system's name (the address part of paths: <c>akka://name/…</c>).</summary>
    public string Name { get; }

    /// <summary>The settings, read once at start.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The scheduler (virtual when the time provider is a <see cref="TestScheduler"/>).</summary>
    public IScheduler Scheduler { get; }

    /// <summary>The clocks every part of the kernel reads.</summary>
    public ITimeProvider TimeProvider { get; }

    /// <summary>The publish/subscribe bus for dead letters, logs and application events.</summary>
    public EventStream EventStream { get; }

    /// <summary><c>/deadLetters</c>.</summary>
    public IActorRef DeadLetters => DeadLettersRef;

    /// <summary>A logger for code outside actors.</summary>
    public ILoggingAdapter Log { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal DeadLettersActorRef DeadLettersRef { get; }

    internal ActorPath TempPath { get; }

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">Letters, digits, <c>-</c> and <c>_</c>; Weir uses <c>weir</c>.</param>
    /// <param name="settings">The settings (default: <see cref="ActorSystemSettings.Default"/>).</param>
    /// <param name="time">The clocks; a <see cref="TestScheduler"/> gives virtual time and is also the scheduler.</param>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null, ITimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                throw new ArgumentException($"Invalid actor system name [{name}]: use ASCII letters, digits, '-' and '_'.", nameof(name));
            }
        }

        return new ActorSystem(name, settings ?? ActorSystemSettings.Default, time ?? SystemTimeProvider.Instance);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken by a live actor.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Stops <paramref name="actor"/> after its current message (its children first).</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is InternalActorRef internalRef)
        {
            internalRef.Stop();
        }
    }

    /// <summary>Runs <see cref="CoordinatedShutdown"/> (when configured) and stops every actor; returns <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        if (Settings.RunCoordinatedShutdownOnTerminate)
        {
            CoordinatedShutdown.Get(this).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance)
                .ContinueWith(static (_, s) => ((ActorSystem)s!).FinalTerminate(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        else
        {
            FinalTerminate();
        }

        return WhenTerminated;
    }

    /// <summary>The root guardian (<c>/</c>), the start of a hierarchy walk with <see cref="GetChildren"/>.</summary>
    public IActorRef RootGuardian => _root.SelfRef;

    /// <summary>
    /// The live children of a local actor (empty for refs that have none: dead letters, temp and remote-looking refs),
    /// for <c>actor hierarchy</c>-style walks; a snapshot, so children started or stopped meanwhile may be missing.
    /// </summary>
    public IReadOnlyList<IActorRef> GetChildren(IActorRef actor) =>
        actor is LocalActorRef local && !local.IsTerminated ? local.Cell.GetChildren().ToArray() : [];

    /// <summary>Messages dropped by <paramref name="actor"/>'s bounded mailbox (zero push timeout) since it started.</summary>
    public long GetDroppedCount(IActorRef actor) => actor is LocalActorRef local ? local.Cell.Mailbox.DroppedCount : 0;

    /// <inheritdoc/>
    public override string ToString() => $"akka://{Name}";

    /// <summary>Creates an actor under <c>/system</c> (kernel and TestKit actors).</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    internal MailboxDefinition ResolveMailbox(string id) =>
        Settings.Mailboxes.TryGetValue(id, out var definition)
            ? definition
            : throw new ArgumentException($"Unknown mailbox '{id}': define it in ActorSystemSettings.Mailboxes.", nameof(id));

    internal CoordinatedShutdown GetOrCreateCoordinatedShutdown()
    {
        lock (_extensionsLock)
        {
            return _coordinatedShutdown ??= new CoordinatedShutdown(this);
        }
    }

    /// <summary>Stops the whole tree; idempotent.</summary>
    internal void FinalTerminate()
    {
        if (Interlocked.Exchange(ref _finalTerminateStarted, 1) == 0)
        {
            _root.SelfRef.Stop();
        }
    }

    private void OnRootTerminated()
    {
        (Scheduler as IDisposable)?.Dispose();
        _terminated.TrySetResult();
    }
}
