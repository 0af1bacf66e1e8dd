namespace Weir.Actors.Kernel;

/// <summary>
/// The only source of time in the kernel: the wall clock for timestamps and rotation boundaries, a monotonic
/// clock for timeouts and retry windows. <see cref="TestScheduler"/> implements it with virtual time.
/// </summary>
public interface ITimeProvider
{
    /// <summary>The wall clock, in UTC.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Time elapsed since an arbitrary start; never goes backwards.</summary>
    TimeSpan MonotonicClock { get; }
}
