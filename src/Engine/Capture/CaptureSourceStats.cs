namespace Weir.Engine.Capture;

/// <summary>Counters a capture source keeps about itself, read live.</summary>
/// <param name="FramesDelivered">Frames handed to handlers since the source was opened.</param>
/// <param name="BytesDelivered">Sum of original lengths of those frames.</param>
/// <param name="KernelReceived">Frames the kernel saw for this source (live sources; 0 for files).</param>
/// <param name="KernelDropped">Frames the kernel dropped because the ring or buffer was full.</param>
public readonly record struct CaptureSourceStats(long FramesDelivered, long BytesDelivered, long KernelReceived, long KernelDropped);
