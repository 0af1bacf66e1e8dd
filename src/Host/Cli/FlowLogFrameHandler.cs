using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Host.Cli;

/// <summary>Feeds every frame of a capture source into a <see cref="FlowLog"/>; a struct so the per-frame call is specialised.</summary>
internal readonly struct FlowLogFrameHandler(FlowLog log) : IFrameHandler
{
    /// <inheritdoc />
    public void OnFrame(in Frame frame) => log.Add(in frame);
}
