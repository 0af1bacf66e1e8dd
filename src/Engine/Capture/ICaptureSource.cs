namespace Weir.Engine.Capture;

/// <summary>
/// A source of captured frames: a capture file, an AF_PACKET ring or a libpcap handle. A source is read by one
/// thread at a time, in batches; frames are handed out as views over the source's own buffers.
/// </summary>
public interface ICaptureSource : IDisposable
{
    /// <summary>A name for messages and metrics: the interface name or the file path.</summary>
    string Name { get; }

    /// <summary>
    /// Delivers the next batch of frames to <paramref name="handler"/>. Returns the number of frames delivered,
    /// 0 when a live source had nothing before its poll timeout or <paramref name="cancellationToken"/> was
    /// signalled, and -1 when the source has ended (end of file). Errors are thrown as
    /// <see cref="CaptureException"/> and its subtypes.
    /// </summary>
    int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IFrameHandler;

    /// <summary>Counters of the source itself (kernel receive and drop counts for live sources).</summary>
    CaptureSourceStats Stats { get; }
}
