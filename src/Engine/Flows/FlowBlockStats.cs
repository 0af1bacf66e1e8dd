namespace Weir.Engine.Flows;

/// <summary>Packet accounting of one interval on one interface.</summary>
/// <param name="PacketsProcessed">Frames handed to the flow log (counted into a flow or counted as an issue).</param>
/// <param name="PacketsNotCounted">Frames that could not be counted into a flow (non-IP, truncated, malformed).</param>
/// <param name="KernelDropped">Frames the kernel dropped during the interval.</param>
/// <param name="LocalDropped">Frames Weir dropped during the interval (local buffer overflow).</param>
public readonly record struct FlowBlockStats(long PacketsProcessed, long PacketsNotCounted, long KernelDropped, long LocalDropped);
