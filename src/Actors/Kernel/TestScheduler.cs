namespace Weir.Actors.Kernel;

/// <summary>
/// Virtual time for tests: nothing fires until <see cref="Advance(TimeSpan)"/> moves the clock, and then every
/// item due by the new time fires in due order, on the caller's thread. Pass it as the time provider of
/// <see cref="ActorSystem.Create"/> and it is also the system's scheduler.
/// </summary>
public sealed class TestScheduler : SchedulerBase
{
    private TimeSpan _now;
    private readonly DateTimeOffset _start;

    /// <summary>Starts virtual time at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public TestScheduler(DateTimeOffset? start = null)
    {
        _start = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc/>
    public override DateTimeOffset UtcNow => _start + MonotonicClock;

    /// <inheritdoc/>
    public override TimeSpan MonotonicClock
    {
        get
        {
            lock (SyncRoot)
            {
                return _now;
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="offset"/>, firing what becomes due step by step.</summary>
    public void Advance(TimeSpan offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, TimeSpan.Zero);
        TimeSpan target;
        lock (SyncRoot)
        {
            target = _now + offset;
        }

        while (true)
        {
            TimeSpan step;
            lock (SyncRoot)
            {
                var next = NextDueUnsynchronized();
                if (next is null || next.Value > target)
                {
                    _now = target;
                    break;
                }

                if (next.Value > _now)
                {
                    _now = next.Value;
                }

                step = _now;
            }

            RunDue(step);
        }

        RunDue(target);
    }

    /// <summary>Moves the clock to <paramref name="monotonic"/> (no-op if already past).</summary>
    public void AdvanceTo(TimeSpan monotonic)
    {
        var now = MonotonicClock;
        if (monotonic > now)
        {
            Advance(monotonic - now);
        }
    }
}
