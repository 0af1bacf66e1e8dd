using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

/// <summary>
/// A snapshot of a <see cref="FlowLog"/>'s packet accounting since its last rotation. Every frame handed to
/// the log is processed; it is either counted into a flow or not counted, with its reason in
/// <see cref="IssueCount"/>. An orphan fragment is counted (into a portless flow) and also tallied under
/// <see cref="ParseIssue.OrphanFragment"/>; <see cref="ParseIssue.LocalBufferFull"/> tallies frames dropped
/// before they reached the log (not processed).
/// </summary>
public sealed class FlowLogStats
{
    private readonly long[] _issues;

    internal FlowLogStats(long processed, long counted, long notCounted, long bytesProcessed, long bytesCounted, long localDropped, long[] issues)
    {
        PacketsProcessed = processed;
        PacketsCounted = counted;
        PacketsNotCounted = notCounted;
        BytesProcessed = bytesProcessed;
        BytesCounted = bytesCounted;
        LocalDropped = localDropped;
        _issues = issues;
    }

    /// <summary>Frames handed to the log.</summary>
    public long PacketsProcessed { get; }

    /// <summary>Frames counted into a flow (orphan fragments included).</summary>
    public long PacketsCounted { get; }

    /// <summary>Frames not counted into any flow (<see cref="PacketsProcessed"/> minus <see cref="PacketsCounted"/>).</summary>
    public long PacketsNotCounted { get; }

    /// <summary>Original lengths of all processed frames.</summary>
    public long BytesProcessed { get; }

    /// <summary>Original lengths of the frames counted into flows.</summary>
    public long BytesCounted { get; }

    /// <summary>Frames dropped because the local buffer was full (see <see cref="FlowLog.CountDropped"/>).</summary>
    public long LocalDropped { get; }

    /// <summary>Per-reason counts indexed by <see cref="ParseIssue"/> code (<see cref="ParseIssue.None"/> stays 0).</summary>
    public ReadOnlySpan<long> IssueCounts => _issues;

    /// <summary>The count of <paramref name="issue"/>.</summary>
    public long IssueCount(ParseIssue issue) => (int)issue < _issues.Length ? _issues[(int)issue] : 0;
}
