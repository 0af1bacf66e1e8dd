namespace Weir.Actors.Kernel;

/// <summary>
/// Runs one child and starts it again with exponential back-off when it fails (or stops), Akka's
/// <c>BackoffSupervisor</c>. Messages to the supervisor are forwarded to the child; while the child is down
/// they go to dead letters (or get <see cref="BackoffOptions.ReplyWhileStopped"/>). The restart count resets
/// after <see cref="BackoffOptions.ResetBackoff"/> of stable running or on <see cref="Reset"/>.
/// </summary>
public sealed class BackoffSupervisor : ReceiveActor, IWithTimers
{
    private readonly BackoffOptions _options;
    private IActorRef? _child;
    private int _restartCount;
    private bool _childFailed;

    /// <summary>Creates the supervisor (use <see cref="Props(BackoffOptions)"/>).</summary>
    public BackoffSupervisor(BackoffOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Receive<Terminated>(t => t.ActorRef.Equals(_child), OnChildTerminated);
        Receive<StartChild>(_ => StartChildNow());
        Receive<ResetRestartCount>(r =>
        {
            if (r.Current == _restartCount)
            {
                _restartCount = 0;
            }
        });
        Receive<GetCurrentChild>(_ => Sender.Tell(new CurrentChild(_child), Self));
        Receive<GetRestartCount>(_ => Sender.Tell(new RestartCount(_restartCount), Self));
        Receive<Reset>(_ => _restartCount = 0);
        ReceiveAny(message =>
        {
            if (_child is not null)
            {
                _child.Forward(message);
            }
            else if (_options.ReplyWhileStopped is { } reply)
            {
                Sender.Tell(reply, Self);
            }
            else
            {
                Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self), Sender);
            }
        });
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of a supervisor for <paramref name="options"/>.</summary>
    public static Props Props(BackoffOptions options) => Kernel.Props.Create(() => new BackoffSupervisor(options));

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based): <c>min(max, min·2ⁿ)·(1+rand·randomFactor)</c>.</summary>
    public static TimeSpan CalculateDelay(int restartCount, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, double? random = null)
    {
        double rnd = 1.0 + (random ?? Random.Shared.NextDouble()) * randomFactor;
        double ticks = Math.Min(maxBackoff.Ticks, minBackoff.Ticks * Math.Pow(2, Math.Min(restartCount, 62)));
        return TimeSpan.FromTicks((long)(ticks * rnd));
    }

    /// <inheritdoc/>
    protected override void PreStart() => StartChildNow();

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        var directive = _options.Decider(e);
        if (directive == Directive.Restart && _options.OnFailureMode)
        {
            // The restart happens here, after the back-off, not at once in the child.
            _childFailed = true;
            return Directive.Stop;
        }

        return directive;
    });

    private void StartChildNow()
    {
        if (_child is not null)
        {
            return;
        }

        _childFailed = false;
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        if (_restartCount > 0 && _options.ResetBackoff is { } reset)
        {
            Timers.StartSingleTimer("reset", new ResetRestartCount(_restartCount), reset);
        }
    }

    private void OnChildTerminated(Terminated terminated)
    {
        _child = null;
        bool restart = !_options.OnFailureMode || _childFailed;
        if (!restart || (_options.MaxNrOfRetries >= 0 && _restartCount >= _options.MaxNrOfRetries))
        {
            Context.Stop(Self);
            return;
        }

        var delay = CalculateDelay(_restartCount, _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor);
        _restartCount++;
        Timers.Cancel("reset");
        Timers.StartSingleTimer("start", StartChild.Instance, delay);
    }

    /// <summary>Asks for the current child; the answer is <see cref="CurrentChild"/>.</summary>
    public sealed class GetCurrentChild
    {
        private GetCurrentChild()
        {
        }

        /// <summary>The singleton.</summary>
        public static GetCurrentChild Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="GetCurrentChild"/>.</summary>
    /// <param name="Ref">The child, or <c>null</c> while it is down.</param>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Resets the restart count.</summary>
    public sealed class Reset
    {
        private Reset()
        {
        }

        /// <summary>The singleton.</summary>
        public static Reset Instance { get; } = new();
    }

    /// <summary>Asks for the restart count; the answer is <see cref="RestartCount"/>.</summary>
    public sealed class GetRestartCount
    {
        private GetRestartCount()
        {
        }

        /// <summary>The singleton.</summary>
        public static GetRestartCount Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="GetRestartCount"/>.</summary>
    /// <param name="Count">Restarts since the last reset.</param>
    public sealed record RestartCount(int Count);

    private sealed class StartChild
    {
        public static StartChild Instance { get; } = new();
    }

    private sealed record ResetRestartCount(int Current);
}
