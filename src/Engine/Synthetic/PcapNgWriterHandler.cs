using Weir.Engine.Capture;

namespace Weir.Engine.Synthetic;

/// <summary>Passes generated frames, with their direction, to one interface of a <see cref="PcapNgWriter"/>.</summary>
internal readonly struct PcapNgWriterHandler(PcapNgWriter writer, int interfaceId) : IFrameHandler
{
    public void OnFrame(in Frame frame) =>
        writer.WriteFrame(interfaceId, frame.Data, frame.TimestampNs, frame.OriginalLength, frame.Direction);
}
