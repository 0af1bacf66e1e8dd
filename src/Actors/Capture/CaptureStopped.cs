namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="StopCapture"/>.</summary>
public sealed class CaptureStopped
{
    private CaptureStopped()
    {
    }

    /// <summary>The singleton.</summary>
    public static CaptureStopped Instance { get; } = new();
}
