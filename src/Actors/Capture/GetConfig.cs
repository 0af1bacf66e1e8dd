namespace Weir.Actors.Capture;

/// <summary>Asks <c>/user/capture</c> for its configuration; the answer is <see cref="CaptureConfig"/>.</summary>
public sealed class GetConfig
{
    private GetConfig()
    {
    }

    /// <summary>The singleton.</summary>
    public static GetConfig Instance { get; } = new();
}
