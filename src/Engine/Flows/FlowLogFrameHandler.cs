using Weir.Engine.Capture;

namespace Weir.Engine.Flows;

/// <summary>A frame handler that counts frames into a <see cref="FlowLog"/> (for capture loops and buffer replay).</summary>
public readonly struct FlowLogFrameHandler : IFrameHandler
{
    private readonly FlowLog _log;

    /// <summary>Creates a handler counting into <paramref name="log"/>.</summary>
    public FlowLogFrameHandler(FlowLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
    }

    /// <inheritdoc />
    public void OnFrame(in Frame frame) => _log.Add(in frame);
}
