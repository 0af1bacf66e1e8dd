using Weir.Engine.Flows;

namespace Weir.Host.Cli;

/// <summary>What <c>weir flows</c> found in a capture: the flows, the packet accounting and how the read ended.</summary>
/// <param name="Source">The file path or interface name that was read.</param>
/// <param name="Block">The aggregated flows.</param>
/// <param name="Stats">The flow log's accounting: processed, counted, issues by reason.</param>
/// <param name="Capture">Counters of the capture source (kernel receive and drop counts for live sources).</param>
/// <param name="Elapsed">Wall-clock time the read took.</param>
/// <param name="Error">Why the read stopped early, or null when it read everything.</param>
internal sealed record FlowReport(string Source, FlowBlock Block, FlowLogStats Stats, Engine.Capture.CaptureSourceStats Capture,
    TimeSpan Elapsed, string? Error);
