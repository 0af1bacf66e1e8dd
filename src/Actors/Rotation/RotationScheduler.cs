using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Writeout;

namespace Weir.Actors.Rotation;

/// <summary>
/// <c>/user/rotation</c>: rotates every interface at the wall-clock boundaries of the interval (multiples of
/// it since the Unix epoch, so 300 s rotates at :00, :05, …), using the system's scheduler and clock (virtual
/// in tests). Warns when a rotation or a block's writeout takes more than 10% of the interval.
/// </summary>
public sealed class RotationScheduler : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _interval;
    private readonly IActorRef _capture;
    private DateTimeOffset _next;

    /// <summary>Creates the scheduler (use <see cref="Props"/>).</summary>
    public RotationScheduler(TimeSpan interval, IActorRef capture)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        _capture = capture;
        Receive<Tick>(OnTick);
        Receive<RotateResult>(_ => { });
        Receive<Status.Failure>(f => Context.GetLogger().Warning(f.Cause, "Rotation failed"));
        Receive<BlockWritten>(OnBlockWritten);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the scheduler.</summary>
    public static Props Props(TimeSpan interval, IActorRef capture) => Kernel.Props.Create(() => new RotationScheduler(interval, capture));

    /// <summary>The first interval boundary strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextBoundary(DateTimeOffset now, TimeSpan interval)
    {
        long ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long next = ((ticks / interval.Ticks) + 1) * interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(next);
    }

    /// <inheritdoc/>
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(BlockWritten));
        ScheduleNext();
    }

    /// <inheritdoc/>
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void ScheduleNext()
    {
        var now = Context.System.Scheduler.UtcNow;
        _next = NextBoundary(now, _interval);
        Timers.StartSingleTimer("tick", new Tick(_next), _next - now);
    }

    private void OnTick(Tick tick)
    {
        var started = Context.System.Scheduler.MonotonicClock;
        var clock = Context.System.Scheduler;
        var log = Context.GetLogger();
        var limit = _interval / 10;
        _capture.Ask<RotateResult>(new CaptureManager.RotateAt(tick.Boundary), _interval)
            .ContinueWith(
                t =>
                {
                    var took = clock.MonotonicClock - started;
                    if (took > limit)
                    {
                        log.Warning("Rotation at {0:O} took {1}, more than 10% of the interval {2}", tick.Boundary, took, _interval);
                    }

                    return t.IsCompletedSuccessfully ? (object)t.Result : new Status.Failure(t.Exception?.GetBaseException() ?? new TaskCanceledException());
                },
                TaskScheduler.Default)
            .PipeTo(Self);
        ScheduleNext();
    }

    private void OnBlockWritten(BlockWritten written)
    {
        if (written.Duration > _interval / 10)
        {
            Context.GetLogger().Warning(
                "Writeout of the block of {0} from {1:O} took {2}, more than 10% of the rotation interval {3}", written.Interface, written.Start, written.Duration, _interval);
        }
    }

    private sealed record Tick(DateTimeOffset Boundary);
}
