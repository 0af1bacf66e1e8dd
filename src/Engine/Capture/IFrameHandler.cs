namespace Weir.Engine.Capture;

/// <summary>
/// Receives frames from a capture source. Implement it on a struct and pass it by reference so the JIT
/// specialises the per-frame call (no interface dispatch, no allocation per frame).
/// </summary>
public interface IFrameHandler
{
    /// <summary>Handles one frame; the frame's bytes are valid only during this call.</summary>
    void OnFrame(in Frame frame);
}
