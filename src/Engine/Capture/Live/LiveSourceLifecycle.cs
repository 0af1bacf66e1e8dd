namespace Weir.Engine.Capture.Live;

/// <summary>
/// What both live sources share between their capture thread and the threads that stop them, dispose them or
/// read their counters: the stopped and disposed state, the wake-up their poll watches (<see cref="WakeSignal"/>),
/// and the gate that serialises waking against disposing, so the eventfd written to is never a recycled one.
/// A source takes <see cref="Gate"/> itself for whatever else must not race with its disposal (reading kernel
/// counters, a libpcap dispatch).
/// </summary>
internal sealed class LiveSourceLifecycle
{
    private volatile bool _stopped;
    private bool _disposed;
    private WakeSignal _wake;

    /// <summary>The lock disposal takes; hold it for work that must not run on a disposed handle.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Whether <see cref="Stop"/> or disposal has happened.</summary>
    public bool IsStopped => _stopped;

    /// <summary>Whether the source is disposed (read under <see cref="Gate"/> where it guards a handle).</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The eventfd to poll beside the capture descriptor.</summary>
    public int WakeFd => _wake.Fd;

    /// <summary>Opens the wake-up (at the end of the source's constructor).</summary>
    /// <exception cref="CaptureException">The system refused; the message names <paramref name="interfaceName"/>.</exception>
    public void OpenWake(string interfaceName) => _wake = WakeSignal.Open(interfaceName);

    /// <summary>Has <paramref name="wake"/> called with <paramref name="source"/> when <paramref name="cancellationToken"/> is cancelled.</summary>
    public void WatchCancellation(CancellationToken cancellationToken, Action<object?> wake, object source) =>
        _wake.WatchCancellation(cancellationToken, wake, source);

    /// <summary>Reads the wake-up back to zero after a poll reported it readable.</summary>
    public void DrainWake() => _wake.Drain();

    /// <summary>Ends the current or next wait of the capture thread (nothing once disposed).</summary>
    public void Wake()
    {
        lock (Gate)
        {
            if (!_disposed)
            {
                _wake.Signal();
            }
        }
    }

    /// <summary>Makes the capture loop end: the next batch returns -1.</summary>
    public void Stop()
    {
        _stopped = true;
        Wake();
    }

    /// <summary>
    /// Marks the source disposed and stopped; false when it already was. Call it holding <see cref="Gate"/> (the
    /// gate's last work on the handle may follow under the same hold), then <see cref="EndWatch"/> and release
    /// the handle.
    /// </summary>
    public bool TryMarkDisposed()
    {
        if (_disposed)
        {
            return false;
        }

        _disposed = true;
        _stopped = true;
        return true;
    }

    /// <summary>Ends the cancellation watch, waiting for a callback already running (call it without <see cref="Gate"/>).</summary>
    public void EndWatch() => _wake.EndWatch();

    /// <summary>Closes the wake-up; nothing when it was never opened.</summary>
    public void CloseWake() => _wake.Close();
}
