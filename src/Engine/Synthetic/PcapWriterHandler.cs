using Weir.Engine.Capture;

namespace Weir.Engine.Synthetic;

/// <summary>Passes generated frames to a <see cref="PcapWriter"/>.</summary>
internal readonly struct PcapWriterHandler(PcapWriter writer) : IFrameHandler
{
    public void OnFrame(in Frame frame) => writer.WriteFrame(frame.Data, frame.TimestampNs, frame.OriginalLength);
}
