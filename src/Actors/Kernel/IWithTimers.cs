namespace Weir.Actors.Kernel;

/// <summary>Implement on an actor to get <see cref="Timers"/>; the kernel sets it when it creates each instance.</summary>
public interface IWithTimers
{
    /// <summary>The actor's timers (set by the kernel).</summary>
    ITimerScheduler Timers { get; set; }
}
