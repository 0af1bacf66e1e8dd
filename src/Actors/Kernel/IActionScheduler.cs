namespace Weir.Actors.Kernel;

/// <summary>Scheduling of callbacks (Akka's <c>IScheduler.Advanced</c>). Callbacks run on the scheduler's thread: keep them short.</summary>
public interface IActionScheduler
{
    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/> unless cancelled.</summary>
    void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null);

    /// <summary>Runs <paramref name="action"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null);
}
