namespace Weir.Actors.Kernel;

/// <summary>
/// The real scheduler: one background thread that sleeps until the next due item (or a tick, whichever is
/// sooner) and sends it. Time comes from the injected <see cref="ITimeProvider"/>.
/// </summary>
public sealed class DedicatedThreadScheduler : SchedulerBase, IDisposable
{
    private readonly ITimeProvider _time;
    private readonly TimeSpan _tick;
    private readonly Thread _thread;
    private volatile bool _stopped;

    /// <summary>Starts the scheduler thread.</summary>
    public DedicatedThreadScheduler(ITimeProvider time, TimeSpan tick, string name)
    {
        _time = time;
        _tick = tick <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : tick;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.UnsafeStart();
    }

    /// <inheritdoc/>
    public override DateTimeOffset UtcNow => _time.UtcNow;

    /// <inheritdoc/>
    public override TimeSpan MonotonicClock => _time.MonotonicClock;

    /// <summary>Stops the thread; work not yet due is dropped.</summary>
    public void Dispose()
    {
        _stopped = true;
        lock (SyncRoot)
        {
            Monitor.PulseAll(SyncRoot);
        }
    }

    /// <inheritdoc/>
    protected override void OnScheduled()
    {
        lock (SyncRoot)
        {
            Monitor.PulseAll(SyncRoot);
        }
    }

    private void Run()
    {
        while (!_stopped)
        {
            RunDue(MonotonicClock);
            lock (SyncRoot)
            {
                if (_stopped)
                {
                    return;
                }

                var next = NextDueUnsynchronized();
                // Idle: wake now and then anyway, so a clock jump of an injected provider is noticed.
                var wait = next is null ? _tick * 100 : next.Value - MonotonicClock;
                if (wait > TimeSpan.Zero)
                {
                    Monitor.Wait(SyncRoot, wait);
                }
            }
        }
    }
}
