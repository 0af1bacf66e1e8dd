namespace Weir.Engine.Capture.Live;

/// <summary>
/// A capture source on a live interface. Besides batches it can be woken (a blocked
/// <see cref="ICaptureSource.ReadBatch"/> returns 0 at once, so its thread can handle control messages) and
/// stopped (the blocked or next read returns -1). <see cref="Wake"/>, <see cref="Stop"/> and
/// <see cref="ICaptureSource.Stats"/> may be called from any thread.
/// </summary>
public interface ILiveCaptureSource : ICaptureSource
{
    /// <summary>The interface captured.</summary>
    string InterfaceName { get; }

    /// <summary>Its kernel index at the time it was opened.</summary>
    int InterfaceIndex { get; }

    /// <summary>Link type of every frame this source delivers.</summary>
    LinkType LinkType { get; }

    /// <summary>The kernel interface in use (never <see cref="LiveSourceKind.Auto"/>).</summary>
    LiveSourceKind Kind { get; }

    /// <summary>Makes a blocked (or the next) read return 0 promptly.</summary>
    void Wake();

    /// <summary>Ends the capture: a blocked read and every later one return -1. Dispose still releases the ring.</summary>
    void Stop();
}
