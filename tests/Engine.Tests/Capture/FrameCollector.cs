using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Capture;

/// <summary>A copy of a frame, kept after the reader's buffer moved on.</summary>
public sealed record CollectedFrame(byte[] Data, long TimestampNs, int OriginalLength, LinkType LinkType, PacketDirection Direction);

/// <summary>A frame handler that copies every frame into a list (tests only: allocates per frame).</summary>
public struct FrameCollector : IFrameHandler
{
    public FrameCollector() => Frames = [];

    public List<CollectedFrame> Frames { get; }

    public readonly void OnFrame(in Frame frame) =>
        Frames.Add(new CollectedFrame(frame.Data.ToArray(), frame.TimestampNs, frame.OriginalLength, frame.LinkType, frame.Direction));

    /// <summary>Reads <paramref name="source"/> to the end; frames delivered before an exception stay in the returned collector.</summary>
    public static List<CollectedFrame> ReadAll(ICaptureSource source, List<CollectedFrame>? into = null)
    {
        var collector = new FrameCollector();
        try
        {
            while (source.ReadBatch(ref collector, CancellationToken.None) >= 0)
            {
            }
        }
        finally
        {
            into?.AddRange(collector.Frames);
        }

        return collector.Frames;
    }
}
