namespace Weir.Actors.Capture;

/// <summary>
/// Asks <c>/user/capture</c> for the flows of the current interval of every interface (copies, the logs go on
/// counting); the answer is <see cref="FlowMaps"/>.
/// </summary>
public sealed class GetFlowMaps
{
    private GetFlowMaps()
    {
    }

    /// <summary>The singleton.</summary>
    public static GetFlowMaps Instance { get; } = new();
}
