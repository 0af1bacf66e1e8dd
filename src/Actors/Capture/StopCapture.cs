namespace Weir.Actors.Capture;

/// <summary>
/// Stops reading frames on every interface, keeping the actors and their flows (shutdown's
/// service-requests-done phase); a later <see cref="RotateNow"/> writes them out. The answer is
/// <see cref="CaptureStopped"/>.
/// </summary>
public sealed class StopCapture
{
    private StopCapture()
    {
    }

    /// <summary>The singleton.</summary>
    public static StopCapture Instance { get; } = new();
}
