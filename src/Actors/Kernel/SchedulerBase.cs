namespace Weir.Actors.Kernel;

/// <summary>
/// The schedule shared by the real and the virtual scheduler: a priority queue of work ordered by due time on
/// the monotonic clock (ties in scheduling order). Subclasses decide when time moves.
/// </summary>
public abstract class SchedulerBase : IScheduler, IActionScheduler
{
    private readonly PriorityQueue<ScheduledWork, (TimeSpan Due, long Seq)> _queue = new();
    private long _seq;

    /// <summary>The lock guarding the queue.</summary>
    protected object SyncRoot { get; } = new();

    /// <inheritdoc/>
    public abstract DateTimeOffset UtcNow { get; }

    /// <inheritdoc/>
    public abstract TimeSpan MonotonicClock { get; }

    /// <inheritdoc/>
    public IActionScheduler Advanced => this;

    /// <summary>Number of scheduled items not yet run (cancelled ones included until their due time).</summary>
    public int PendingCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc/>
    public void ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        Add(new ScheduledWork(receiver, message, sender, null, TimeSpan.Zero, cancelable), delay);
    }

    /// <inheritdoc/>
    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Add(new ScheduledWork(receiver, message, sender, null, interval, cancelable), initialDelay);
    }

    /// <inheritdoc/>
    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        Add(new ScheduledWork(null, null, null, action, TimeSpan.Zero, cancelable), delay);
    }

    /// <inheritdoc/>
    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Add(new ScheduledWork(null, null, null, action, interval, cancelable), initialDelay);
    }

    /// <summary>Called after work was added (the real scheduler wakes its thread).</summary>
    protected virtual void OnScheduled()
    {
    }

    /// <summary>The due time of the earliest item, if any. Caller holds <see cref="SyncRoot"/>.</summary>
    protected TimeSpan? NextDueUnsynchronized() => _queue.TryPeek(out _, out var p) ? p.Due : null;

    /// <summary>Runs every item due at or before <paramref name="now"/>, in due order; re-arms repeated ones.</summary>
    protected void RunDue(TimeSpan now)
    {
        while (true)
        {
            ScheduledWork work;
            TimeSpan due;
            lock (SyncRoot)
            {
                if (!_queue.TryPeek(out work!, out var p) || p.Due > now)
                {
                    return;
                }

                _queue.Dequeue();
                due = p.Due;
            }

            if (work.Cancelable?.IsCancellationRequested == true)
            {
                continue;
            }

            work.Run();
            if (work.Interval > TimeSpan.Zero)
            {
                lock (SyncRoot)
                {
                    _queue.Enqueue(work, (due + work.Interval, _seq++));
                }
            }
        }
    }

    private void Add(ScheduledWork work, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        lock (SyncRoot)
        {
            _queue.Enqueue(work, (MonotonicClock + delay, _seq++));
        }

        OnScheduled();
    }

    /// <summary>One scheduled send or callback.</summary>
    private sealed class ScheduledWork(IActorRef? receiver, object? message, IActorRef? sender, Action? action, TimeSpan interval, ICancelable? cancelable)
    {
        public TimeSpan Interval { get; } = interval;

        public ICancelable? Cancelable { get; } = cancelable;

        public void Run()
        {
            try
            {
                if (action is not null)
                {
                    action();
                }
                else
                {
                    receiver!.Tell(message!, sender);
                }
            }
#pragma warning disable CA1031 // A failing callback must not kill the scheduler thread.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
