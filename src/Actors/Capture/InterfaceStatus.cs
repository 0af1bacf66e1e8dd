using Weir.Engine.Flows;

namespace Weir.Actors.Capture;

/// <summary>The live status of one interface. Counters are since the interface was enabled (they survive restarts and rotations).</summary>
/// <param name="Name">The interface name.</param>
/// <param name="State">What its capture is doing.</param>
/// <param name="PacketsReceived">Frames the source delivered.</param>
/// <param name="BytesReceived">Bytes on the wire of those frames.</param>
/// <param name="PacketsProcessed">Frames counted by the flow log (into a flow or as a parse issue).</param>
/// <param name="KernelDropped">Frames the kernel dropped (ring full) as reported by the source.</param>
/// <param name="WeirDropped">Frames Weir could not count into a flow, by reason (<c>ParseIssues.Name</c>: <c>truncated</c>, <c>non-ip</c>, <c>local-buffer-full</c>, …); only non-zero reasons.</param>
/// <param name="ActiveFlows">Flows in the current interval.</param>
/// <param name="LocalBuffer">Use of the interface's local buffer (and of the pool).</param>
/// <param name="LastRotation">When the interface was last rotated, or <c>null</c>.</param>
/// <param name="LastError">The last failure of its source, or <c>null</c>.</param>
/// <param name="Restarts">How many times its capture was restarted after a failure.</param>
public sealed record InterfaceStatus(
    string Name,
    CaptureState State,
    long PacketsReceived,
    long BytesReceived,
    long PacketsProcessed,
    long KernelDropped,
    IReadOnlyDictionary<string, long> WeirDropped,
    int ActiveFlows,
    LocalBufferUsage LocalBuffer,
    DateTimeOffset? LastRotation,
    string? LastError,
    int Restarts);
