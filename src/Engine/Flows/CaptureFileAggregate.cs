using Weir.Engine.Capture;

namespace Weir.Engine.Flows;

/// <summary>What <see cref="CaptureFileAggregator"/> counted from a capture file.</summary>
/// <param name="Log">The flows, as one log reading the file from start to end would hold them.</param>
/// <param name="Source">Frames and bytes read (up to the error, if any).</param>
/// <param name="Error">The error that ended the read early (file and byte offset), or null.</param>
/// <param name="Parts">Number of ranges counted on their own threads.</param>
/// <param name="Recounted">Packets counted a second time to merge address pairs whose flows faced both ways across ranges.</param>
public sealed record CaptureFileAggregate(FlowLog Log, CaptureSourceStats Source, string? Error, int Parts, long Recounted);
