namespace Weir.Actors.Kernel;

/// <summary>
/// Sends messages later (Akka's <c>IScheduler</c>). Delays are measured on the system's monotonic clock; a
/// repeated send re-arms from the tick that fired it, so it drifts rather than bunching up. For timers owned
/// by an actor prefer <see cref="IWithTimers"/>, which also guarantees no stale tick.
/// </summary>
public interface IScheduler : ITimeProvider
{
    /// <summary>Callback scheduling.</summary>
    IActionScheduler Advanced { get; }

    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> once after <paramref name="delay"/>.</summary>
    void ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender, ICancelable? cancelable = null);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender, ICancelable? cancelable = null);
}
