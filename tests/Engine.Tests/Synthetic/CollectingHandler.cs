using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Synthetic;

/// <summary>A frame as the generator handed it out, copied.</summary>
internal readonly record struct CollectedFrame(byte[] Data, long TimestampNs, int OriginalLength, LinkType LinkType, PacketDirection Direction);

/// <summary>Copies every frame into a list (tests only: allocates per frame).</summary>
internal readonly struct CollectingHandler(List<CollectedFrame> frames) : IFrameHandler
{
    public void OnFrame(in Frame frame) =>
        frames.Add(new CollectedFrame(frame.Data.ToArray(), frame.TimestampNs, frame.OriginalLength, frame.LinkType, frame.Direction));
}
