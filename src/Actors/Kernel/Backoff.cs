namespace Weir.Actors.Kernel;

/// <summary>Builders of <see cref="BackoffOptions"/> (Akka's <c>Backoff</c>).</summary>
public static class Backoff
{
    /// <summary>Restart <paramref name="childProps"/> after each failure, waiting <c>min(max, min·2ⁿ)·(1+rand·randomFactor)</c>.</summary>
    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(onFailure: true, childProps, childName, minBackoff, maxBackoff, randomFactor);

    /// <summary>Restart <paramref name="childProps"/> after each stop (failure or not), with the same delays.</summary>
    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(onFailure: false, childProps, childName, minBackoff, maxBackoff, randomFactor);
}
