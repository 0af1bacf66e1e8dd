namespace Weir.Actors.Capture;

/// <summary>Asks <c>/user/capture</c> for <see cref="CaptureStatus"/>. Answered at once from live counters (the capture threads are not interrupted).</summary>
public sealed class GetStatus
{
    private GetStatus()
    {
    }

    /// <summary>The singleton.</summary>
    public static GetStatus Instance { get; } = new();
}
