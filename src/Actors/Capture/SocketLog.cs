using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Actors.Capture;

/// <summary>
/// What one capture socket counts into, shared by the <see cref="CaptureActor"/>'s own socket and each
/// <see cref="CaptureLane"/>: its <see cref="FlowLog"/>, the <see cref="LocalBuffer"/> its frames go to while
/// the log is being copied for a live query, and the figures of its rotated intervals. Owned by the thread
/// that reads the socket.
/// </summary>
internal sealed class SocketLog : IDisposable
{
    private readonly long[] _rotatedIssues = new long[ParseIssues.Count];
    private (long PacketsSent, long PacketsReceived, long BytesSent, long BytesReceived) _rotatedFlow;
    private long _bufferDropped;
    private bool _bufferOverflowed;
    private long _processed;

    /// <summary>A log that holds <paramref name="initialFlowCapacity"/> flows before growing, and a buffer of <paramref name="pool"/>.</summary>
    public SocketLog(LocalBufferPool pool, int initialFlowCapacity)
    {
        Log = new FlowLog(FlowLogOptions.Default with { InitialCapacity = Math.Max(initialFlowCapacity, FlowLogOptions.Default.InitialCapacity) });
        Buffer = new LocalBuffer(pool);
    }

    /// <summary>The current interval's flows.</summary>
    public FlowLog Log { get; }

    /// <summary>Frames held while the log is copied.</summary>
    public LocalBuffer Buffer { get; }

    /// <summary>Whether a copy in progress should be waited for before the next batch: the buffer is half full or overflowed.</summary>
    public bool BufferPressed => _bufferOverflowed || Buffer.UsedBytes > Buffer.CapacityBytes / 2;

    /// <summary>Counts <paramref name="frame"/> into the log, or holds it in the buffer while <paramref name="copying"/> (counting a drop when it does not fit).</summary>
    public void OnFrame(in Frame frame, bool copying)
    {
        if (!copying)
        {
            Log.Add(in frame);
            _processed++;
        }
        else if (!Buffer.TryAppend(in frame))
        {
            _bufferDropped++;
            _bufferOverflowed = true;
        }
    }

    /// <summary>After a copy: counts the held frames into the log, in order, and the dropped ones as <see cref="ParseIssue.LocalBufferFull"/>.</summary>
    public void ReplayBuffer()
    {
        _bufferOverflowed = false;
        var replay = new Replay(this);
        Buffer.Replay(ref replay);
        Buffer.Reset();
        for (; _bufferDropped > 0; _bufferDropped--)
        {
            Log.CountDropped(ParseIssue.LocalBufferFull);
        }
    }

    /// <summary>Rotates the log (<see cref="FlowLog.Rotate"/>) and adds the block to the rotated intervals' figures.</summary>
    public FlowBlock Rotate(string interfaceName, DateTimeOffset start, DateTimeOffset end, long kernelDropped)
    {
        FlowBlock block = Log.Rotate(interfaceName, start, end, kernelDropped);
        FlowCounters totals = block.Totals;
        _rotatedFlow.PacketsSent += (long)totals.PacketsSent;
        _rotatedFlow.PacketsReceived += (long)totals.PacketsReceived;
        _rotatedFlow.BytesSent += (long)totals.BytesSent;
        _rotatedFlow.BytesReceived += (long)totals.BytesReceived;
        for (int i = 0; i < _rotatedIssues.Length; i++)
        {
            _rotatedIssues[i] += block.IssueCount((ParseIssue)i);
        }

        return block;
    }

    /// <summary>Sets <paramref name="live"/> to this socket's figures so far (rotated intervals plus the current one), with the source's <paramref name="stats"/>.</summary>
    public void Fill(ref InterfaceCounters.LiveFigures live, in CaptureSourceStats stats)
    {
        live.PacketsReceived = stats.FramesDelivered;
        live.BytesReceived = stats.BytesDelivered;
        live.KernelDropped = stats.KernelDropped;
        live.PacketsProcessed = _processed;
        FlowCounters totals = Log.Totals;
        live.Flow = (
            _rotatedFlow.PacketsSent + (long)totals.PacketsSent,
            _rotatedFlow.PacketsReceived + (long)totals.PacketsReceived,
            _rotatedFlow.BytesSent + (long)totals.BytesSent,
            _rotatedFlow.BytesReceived + (long)totals.BytesReceived);
        for (int i = 0; i < live.Issues.Length; i++)
        {
            live.Issues[i] = _rotatedIssues[i] + Log.IssueCount((ParseIssue)i);
        }

        live.Issues[(int)ParseIssue.LocalBufferFull] += _bufferDropped;
        live.ActiveFlows = Log.Count;
        live.LocalBuffer = Buffer.Usage();
    }

    /// <summary>Returns the buffer's arena.</summary>
    public void Dispose() => Buffer.Dispose();

    private readonly struct Replay(SocketLog owner) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => owner.OnFrame(in frame, copying: false);
    }
}
