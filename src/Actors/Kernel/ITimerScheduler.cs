namespace Weir.Actors.Kernel;

/// <summary>
/// Timers owned by one actor (Akka's <c>ITimerScheduler</c>), each under a key. Starting a timer under a key
/// that is in use replaces it, and no tick of the replaced timer is delivered afterwards, even one already in
/// the mailbox. Timers are cancelled when the actor restarts or stops. Use from the actor's handlers only.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="msg"/> to self every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object msg, TimeSpan interval);

    /// <summary>Sends <paramref name="msg"/> to self after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>Sends <paramref name="msg"/> to self once after <paramref name="timeout"/>.</summary>
    void StartSingleTimer(object key, object msg, TimeSpan timeout);

    /// <summary>Whether a timer with <paramref name="key"/> is active (a single timer stops being active once delivered).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with <paramref name="key"/>.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();

    /// <summary>Keys of the active timers.</summary>
    IReadOnlyCollection<object> ActiveTimers { get; }
}
