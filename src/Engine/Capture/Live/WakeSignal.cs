using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// The wake-up both live sources poll beside their capture descriptor: an eventfd that <c>Wake</c>, <c>Stop</c>
/// and a cancelled token write to, so a wait ends promptly. A mutable struct kept in a (non-readonly) field of its
/// source; its default is closed and watches no token. The owner serialises <see cref="Signal"/> against
/// <see cref="Close"/> so the descriptor written to is never a recycled one.
/// </summary>
internal unsafe struct WakeSignal
{
    private int _fd;
    private bool _open;
    private CancellationToken _watchedToken;
    private CancellationTokenRegistration _registration;

    /// <summary>The eventfd to poll for <c>POLLIN</c>.</summary>
    public readonly int Fd => _fd;

    /// <summary>Opens the eventfd (non-blocking, close-on-exec).</summary>
    /// <exception cref="CaptureException">The system refused; the message names <paramref name="interfaceName"/>.</exception>
    public static WakeSignal Open(string interfaceName)
    {
        int fd = Libc.EventFd(0, Libc.EfdCloexec | Libc.EfdNonblock);
        if (fd < 0)
        {
            throw LiveErrors.FromErrno(interfaceName, "eventfd");
        }

        return new WakeSignal { _fd = fd, _open = true };
    }

    /// <summary>Makes the eventfd readable, ending the current or next poll.</summary>
    public readonly void Signal()
    {
        ulong one = 1;
        _ = Libc.Write(_fd, &one, sizeof(ulong));
    }

    /// <summary>Reads the eventfd back to zero after a poll reported it readable.</summary>
    public readonly void Drain()
    {
        ulong drained;
        _ = Libc.Read(_fd, &drained, sizeof(ulong));
    }

    /// <summary>Has <paramref name="wake"/> called with <paramref name="source"/> when <paramref name="cancellationToken"/> is cancelled.</summary>
    public void WatchCancellation(CancellationToken cancellationToken, Action<object?> wake, object source)
    {
        // One registration per distinct token: the capture loop passes the same token every batch, so this
        // registers once and allocates nothing afterwards.
        if (!cancellationToken.CanBeCanceled || cancellationToken == _watchedToken)
        {
            return;
        }

        _registration.Dispose();
        _watchedToken = cancellationToken;
        _registration = cancellationToken.UnsafeRegister(wake, source);
    }

    /// <summary>
    /// Ends the cancellation watch, waiting for a callback already running; call it without the lock that
    /// callback takes.
    /// </summary>
    public readonly void EndWatch() => _registration.Dispose();

    /// <summary>Closes the eventfd; does nothing when it was never opened or is closed already.</summary>
    public void Close()
    {
        if (_open)
        {
            _open = false;
            _ = Libc.Close(_fd);
        }
    }
}
