namespace Weir.Actors.Kernel;

/// <summary>
/// The runtime of one actor: its mailbox, the current instance, children, watchers and failure state. All
/// state except the children container is touched only by the thread running the mailbox turn.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    [ThreadStatic]
    private static ActorCell? t_creating;

    private static int s_uid;
    private static readonly AsyncLocal<IActorRef?> s_ambientSender = new();

    private readonly object _drainLock = new();
    private ActorBase? _actor;
    private Envelope _current;
    private ILoggingAdapter? _log;
    private ActorSynchronizationContext? _syncContext;
    private int _asyncGeneration;
    private bool _asyncPending;
    private volatile CellState _state = CellState.Creating;

    public ActorCell(ActorSystem system, Props props, ActorPath path, InternalActorRef parent, ActorCell? parentCell)
    {
        System = system;
        Props = props;
        ParentRef = parent;
        ParentCell = parentCell;
        var definition = system.ResolveMailbox(props.Mailbox);
        MessageQueue queue = definition is BoundedMailbox b ? new BoundedMessageQueue(b.Capacity, b.PushTimeout) : new UnboundedMessageQueue();
        StashCapacity = definition.StashCapacity;
        Mailbox = new Mailbox(queue, Math.Max(1, system.Settings.Throughput));
        Dispatcher = props.Dispatcher switch
        {
            ActorSystemSettings.PinnedDispatcherId or "akka.actor.pinned-dispatcher" => new PinnedDispatcher($"weir-pinned:{path}"),
            ActorSystemSettings.DefaultDispatcherId or "default" => ThreadPoolDispatcher.Instance,
            _ => throw new ArgumentException($"Unknown dispatcher '{props.Dispatcher}' (use '{ActorSystemSettings.DefaultDispatcherId}' or 'pinned').", nameof(props)),
        };
        if (typeof(PinnedLoopActor).IsAssignableFrom(props.Type) && Dispatcher is not PinnedDispatcher)
        {
            throw new ArgumentException($"{props.Type.Name} is a PinnedLoopActor: it needs the pinned dispatcher.", nameof(props));
        }

        SelfRef = new LocalActorRef(path, NewUid(), this);
        Mailbox.Attach(this, Dispatcher);
    }

    private enum CellState
    {
        Creating,
        Running,
        Terminating,
        Terminated,
    }

    /// <summary>The cell whose mailbox turn runs on this thread.</summary>
    public static ActorCell? Current => t_current;

    /// <summary>The cell creating an actor instance on this thread (read by <see cref="ActorBase"/>'s constructor).</summary>
    public static ActorCell? Creating => t_creating;

    /// <summary>The implicit sender outside any actor (set by the TestKit to its TestActor).</summary>
    public static IActorRef? AmbientSender
    {
        get => s_ambientSender.Value;
        set => s_ambientSender.Value = value;
    }

    public ActorSystem System { get; }

    public Props Props { get; }

    public LocalActorRef SelfRef { get; }

    public InternalActorRef ParentRef { get; }

    public ActorCell? ParentCell { get; }

    public Mailbox Mailbox { get; }

    public MessageDispatcher Dispatcher { get; }

    public int StashCapacity { get; }

    public IActorRef Self => SelfRef;

    public IActorRef Parent => ParentRef;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    /// <summary>The raw sender of the current message (null for no sender), kept for <c>Forward</c>.</summary>
    public IActorRef? CurrentSender => _current.Sender;

    public Envelope CurrentEnvelope => _current;

    public bool IsTerminated => _state == CellState.Terminated;

    public bool LoopActive { get; set; }

    public TimerScheduler? Timers { get; private set; }

    public static int NewUid()
    {
        int uid;
        do
        {
            uid = Interlocked.Increment(ref s_uid);
        }
        while (uid == 0);
        return uid;
    }

    /// <summary>Makes this thread run as <paramref name="cell"/> until disposed (async continuations).</summary>
    public static CurrentScope EnterAsActor(ActorCell cell)
    {
        var previous = t_current;
        t_current = cell;
        return new CurrentScope(previous);
    }

    public static IActorRef? CurrentSelfOrNoSender() => t_current?.SelfRef ?? s_ambientSender.Value;

    /// <summary>Queues the first system message; the instance is created on the actor's own thread.</summary>
    public void Start()
    {
        Dispatcher.Attach(Mailbox);
        SelfRef.SendSystemMessage(Create.Instance);
    }

    public ILoggingAdapter GetLogger() => _log ??= new BusLogging(System, SelfRef.Path.ToString(), Props.Type);

    /// <summary>Handles one user message: auto-received messages first, then the behaviour.</summary>
    public void Invoke(in Envelope envelope)
    {
        var previous = t_current;
        t_current = this;
        _current = envelope;
        try
        {
            object message = envelope.Message;
            if (message is IAutoReceivedMessage)
            {
                AutoReceive(message);
            }
            else
            {
                ReceiveMessage(message);
            }

            if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
            {
                RescheduleReceiveTimeout();
            }
        }
#pragma warning disable CA1031 // Every failure of a handler goes to the supervisor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            if (!_asyncPending)
            {
                _current = default;
            }

            t_current = previous;
        }
    }

    public void ReceiveMessage(object message)
    {
        var actor = _actor;
        if (actor is null)
        {
            System.DeadLettersRef.Tell(new DeadLetter(message, Sender, Self), _current.Sender);
            return;
        }

        if (message is TimerScheduler.TimerMessage timer)
        {
            if (Timers is null || !Timers.Accept(timer))
            {
                return;
            }

            message = timer.Message;
        }

        if (!actor.Receive(message))
        {
            actor.InvokeUnhandled(message);
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated t:
                ReceivedTerminated(t);
                break;
            case PoisonPill:
                SelfRef.Stop();
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    /// <summary>Runs an async handler: suspends the mailbox until its task completes (not reentrant).</summary>
    public void RunTask<T>(Func<T, Task> handler, T message)
    {
        var previousContext = SynchronizationContext.Current;
        _syncContext ??= new ActorSynchronizationContext(this);
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _asyncPending = true;
        int generation = ++_asyncGeneration;
        Mailbox.Suspend();
        task.ContinueWith(
            static (t, state) =>
            {
                var (cell, gen) = ((ActorCell, int))state!;
                cell.SelfRef.SendSystemMessage(new AsyncCompleted(t, gen));
            },
            (this, generation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void AsyncDone(AsyncCompleted completed)
    {
        if (!_asyncPending || completed.Generation != _asyncGeneration)
        {
            return;
        }

        _asyncPending = false;
        Mailbox.Resume();
        if (completed.Task.IsFaulted || completed.Task.IsCanceled)
        {
            var e = completed.Task.Exception?.InnerException ?? new TaskCanceledException(completed.Task);
            HandleInvokeFailure(e);
        }

        _current = default;
    }

    private void CancelAsyncPending()
    {
        if (_asyncPending)
        {
            _asyncPending = false;
            _asyncGeneration++;
            Mailbox.Resume();
        }
    }

    /// <summary>One loop batch of a pinned loop actor, between mailbox turns; false when the loop is not active.</summary>
    public bool RunLoopStepIfActive()
    {
        if (!LoopActive || _state != CellState.Running || _actor is not PinnedLoopActor loop || Mailbox.IsSuspended || Mailbox.IsClosed || _failed)
        {
            return false;
        }

        t_current = this;
        _current = default;
        try
        {
            loop.RunLoopOnce();
        }
#pragma warning disable CA1031 // A failing batch fails the actor, like a failing handler.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            t_current = null;
        }

        return true;
    }

    /// <summary>Drains the system queue (system messages are handled before user messages).</summary>
    public void ProcessSystemMessages()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            while (Mailbox.TryDequeueSystem(out var message))
            {
                if (_state == CellState.Terminated)
                {
                    HandleAfterTermination(message);
                    continue;
                }

                try
                {
                    SystemInvoke(message);
                }
#pragma warning disable CA1031 // A failure while handling a system message fails the actor.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    HandleInvokeFailure(e);
                }
            }
        }
        finally
        {
            t_current = previous;
        }
    }

    private void SystemInvoke(SystemMessage message)
    {
        switch (message)
        {
            case Create:
                CreateActor();
                break;
            case Recreate r:
                FaultRecreate(r.Cause);
                break;
            case Suspend:
                FaultSuspend();
                break;
            case Resume r:
                FaultResume(r.CausedByFailure);
                break;
            case Terminate:
                TerminateCell();
                break;
            case Watch w:
                AddWatch(w);
                break;
            case Unwatch u:
                RemoveWatch(u);
                break;
            case DeathWatchNotification n:
                WatchedActorTerminated(n);
                break;
            case Failed f:
                HandleFailed(f);
                break;
            case AsyncCompleted a:
                AsyncDone(a);
                break;
        }
    }

    /// <summary>The mailbox is closed: answer watches with a notification, drop the rest.</summary>
    public void HandleSystemMessageAfterClose()
    {
        while (Mailbox.TryDequeueSystem(out var message))
        {
            HandleAfterTermination(message);
        }
    }

    private void HandleAfterTermination(SystemMessage message)
    {
        if (message is Watch w && w.Watchee.Equals(SelfRef) && !w.Watcher.Equals(SelfRef))
        {
            ((InternalActorRef)w.Watcher).SendSystemMessage(new DeathWatchNotification(SelfRef, existenceConfirmed: true));
        }
    }

    /// <summary>Sends every queued user message to dead letters (after stop).</summary>
    public void DrainToDeadLetters()
    {
        // After close, a late sender drains on its own thread too; one drainer at a time keeps the
        // consumer-only parts of the mailbox (the unstash list) single-threaded.
        lock (_drainLock)
        {
            while (Mailbox.TryDequeue(out var envelope))
            {
                System.DeadLettersRef.Tell(new DeadLetter(envelope.Message, envelope.Sender ?? System.DeadLetters, SelfRef), envelope.Sender);
            }
        }
    }

    private ActorBase NewActor()
    {
        var previous = t_creating;
        t_creating = this;
        ActorBase actor;
        try
        {
            actor = Props.NewActor();
        }
        finally
        {
            t_creating = previous;
        }

        if (actor is IWithStash withStash)
        {
            withStash.Stash = new ActorStash(this, StashCapacity);
        }

        if (actor is IWithTimers withTimers)
        {
            Timers = new TimerScheduler(this);
            withTimers.Timers = Timers;
        }

        return actor;
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActor();
            _state = CellState.Running;
            _actor.AroundPreStart();

            // A receive timeout set in the constructor or PreStart runs from the start, as in Akka.
            if (_receiveTimeout is not null)
            {
                RescheduleReceiveTimeout();
            }
        }
#pragma warning disable CA1031 // Any failure of a constructor or PreStart is an initialization failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _actor = null;
            _state = CellState.Running;
            HandleInvokeFailure(new ActorInitializationException(SelfRef, $"Exception during creation of {SelfRef.Path}: {e.Message}", e));
        }
    }

    IActorRef IActorContext.ActorOf(Props props, string? name) => ActorOf(props, name);

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        _receiveTimeout = timeout is { } t && t > TimeSpan.Zero ? t : null;
        RescheduleReceiveTimeout();
    }

    /// <summary>Restores the previous current cell on dispose.</summary>
    internal readonly struct CurrentScope(ActorCell? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
