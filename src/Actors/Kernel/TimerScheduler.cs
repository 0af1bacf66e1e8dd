namespace Weir.Actors.Kernel;

/// <summary>
/// The timers of one actor instance. Each start takes a new generation; a tick carries its generation and
/// owner and is delivered only when both still match, so a replaced, cancelled or pre-restart timer never
/// delivers.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Timer> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => _timers.Keys.ToArray();

    public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => StartPeriodicTimer(key, msg, interval, interval);

    public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval) => Start(key, msg, initialDelay, interval, repeat: true);

    public void StartSingleTimer(object key, object msg, TimeSpan timeout) => Start(key, msg, timeout, TimeSpan.Zero, repeat: false);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Task.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Task.Cancel();
        }

        _timers.Clear();
    }

    /// <summary>Whether a tick is current; a single timer is removed when its tick is accepted.</summary>
    public bool Accept(TimerMessage tick)
    {
        if (!ReferenceEquals(tick.Owner, this) || !_timers.TryGetValue(tick.Key, out var timer) || timer.Generation != tick.Generation)
        {
            return false;
        }

        if (!timer.Repeat)
        {
            _timers.Remove(tick.Key);
        }

        return true;
    }

    private void Start(object key, object msg, TimeSpan delay, TimeSpan interval, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(msg);
        Cancel(key);
        int generation = ++_generation;
        // One tick object per start: a periodic timer sends the same instance every time.
        var tick = new TimerMessage(key, generation, msg, this);
        var scheduler = cell.System.Scheduler;
        var task = repeat
            ? scheduler.ScheduleTellRepeatedlyCancelable(delay, interval, cell.Self, tick, null)
            : scheduler.ScheduleTellOnceCancelable(delay, cell.Self, tick, null);
        _timers[key] = new Timer(generation, repeat, task);
    }

    private sealed record Timer(int Generation, bool Repeat, ICancelable Task);

    /// <summary>The envelope of a timer tick.</summary>
    internal sealed class TimerMessage(object key, int generation, object message, TimerScheduler owner) : INotInfluenceReceiveTimeout
    {
        public object Key { get; } = key;

        public int Generation { get; } = generation;

        public object Message { get; } = message;

        public TimerScheduler Owner { get; } = owner;
    }
}
