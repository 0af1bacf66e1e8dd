namespace Weir.Actors.Capture;

/// <summary>The state of one interface's capture.</summary>
public enum CaptureState
{
    /// <summary>The actor runs and is opening its source.</summary>
    Starting,

    /// <summary>Frames are being read.</summary>
    Capturing,

    /// <summary>The source failed; the actor is waiting for its back-off to restart.</summary>
    Restarting,

    /// <summary>Capture was stopped (<see cref="StopCapture"/> or shutdown); the flows are kept until rotated.</summary>
    Stopped,
}
