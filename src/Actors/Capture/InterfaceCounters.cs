using Weir.Actors.Kernel;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Actors.Capture;

/// <summary>
/// The live counters of one interface, cumulative since it was enabled (across rotations and restarts).
/// Written by its capture thread once per batch (never per packet), read by any thread without locks.
/// </summary>
public sealed class InterfaceCounters
{
    private readonly long[] _issues = new long[ParseIssues.Count];
    private long _packetsReceived;
    private long _bytesReceived;
    private long _packetsProcessed;
    private long _kernelDropped;
    private long _flowPacketsSent;
    private long _flowPacketsReceived;
    private long _flowBytesSent;
    private long _flowBytesReceived;
    private int _activeFlows;
    private int _state;
    private int _restarts;
    private long _lastRotationTicks;
    private long _localUsed;
    private long _localCapacity;
    private long _poolRented;
    private long _poolCapacity;
    private int _localFrames;
    private string? _lastError;
    private ICaptureSource? _source;
    private IActorRef? _actor;

    /// <summary>Counters for <paramref name="name"/>.</summary>
    public InterfaceCounters(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The interface name.</summary>
    public string Name { get; }

    /// <summary>What the capture is doing.</summary>
    public CaptureState State => (CaptureState)Volatile.Read(ref _state);

    /// <summary>Frames the sources delivered.</summary>
    public long PacketsReceived => Volatile.Read(ref _packetsReceived);

    /// <summary>Wire bytes of the frames delivered.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Frames counted by the flow logs (into flows or as parse issues).</summary>
    public long PacketsProcessed => Volatile.Read(ref _packetsProcessed);

    /// <summary>Frames the kernel dropped.</summary>
    public long KernelDropped => Volatile.Read(ref _kernelDropped);

    /// <summary>Packets counted into flows from the client side (flow source → destination).</summary>
    public long FlowPacketsSent => Volatile.Read(ref _flowPacketsSent);

    /// <summary>Packets counted into flows from the server side.</summary>
    public long FlowPacketsReceived => Volatile.Read(ref _flowPacketsReceived);

    /// <summary>Bytes counted into flows from the client side.</summary>
    public long FlowBytesSent => Volatile.Read(ref _flowBytesSent);

    /// <summary>Bytes counted into flows from the server side.</summary>
    public long FlowBytesReceived => Volatile.Read(ref _flowBytesReceived);

    /// <summary>Flows in the current interval.</summary>
    public int ActiveFlows => Volatile.Read(ref _activeFlows);

    /// <summary>Restarts after failures.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The last rotation, or <c>null</c>.</summary>
    public DateTimeOffset? LastRotation
    {
        get
        {
            long ticks = Volatile.Read(ref _lastRotationTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The last source failure, or <c>null</c>.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Use of the local buffer.</summary>
    public LocalBufferUsage LocalBuffer => new(
        Volatile.Read(ref _localFrames), Volatile.Read(ref _localUsed), Volatile.Read(ref _localCapacity), Volatile.Read(ref _poolRented), Volatile.Read(ref _poolCapacity));

    /// <summary>Frames with <paramref name="issue"/> (not counted into a flow, or counted into a portless flow for <see cref="ParseIssue.OrphanFragment"/>).</summary>
    public long Issue(ParseIssue issue) => (int)issue < _issues.Length ? Volatile.Read(ref _issues[(int)issue]) : 0;

    /// <summary>The non-zero issue counts by name (<c>ParseIssues.Name</c>).</summary>
    public IReadOnlyDictionary<string, long> Issues()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 1; i < _issues.Length; i++)
        {
            long n = Volatile.Read(ref _issues[i]);
            if (n != 0)
            {
                result[ParseIssues.Name((ParseIssue)i)] = n;
            }
        }

        return result;
    }

    /// <summary>A snapshot for <see cref="GetStatus"/>.</summary>
    public InterfaceStatus ToStatus() => new(
        Name, State, PacketsReceived, BytesReceived, PacketsProcessed, KernelDropped, Issues(), ActiveFlows, LocalBuffer, LastRotation, LastError, Restarts);

    /// <summary>Interrupts a blocking read of the current source so that its actor handles its mailbox now.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _source) is ILiveCaptureSource live)
        {
            try
            {
                live.Wake();
            }
            catch (ObjectDisposedException)
            {
                // The source closed in between; its actor is not blocked in it any more.
            }
        }
    }

    /// <summary>The running capture actor, or <c>null</c> while it is down (messages go to it directly so that <see cref="Wake"/> follows the enqueue).</summary>
    internal IActorRef? Actor => Volatile.Read(ref _actor);

    internal void SetActor(IActorRef? actor) => Volatile.Write(ref _actor, actor);

    internal void SetSource(ICaptureSource? source) => Volatile.Write(ref _source, source);

    internal void SetState(CaptureState state) => Volatile.Write(ref _state, (int)state);

    internal void SetError(string? error) => Volatile.Write(ref _lastError, error);

    internal void CountRestart() => Interlocked.Increment(ref _restarts);

    internal void SetLastRotation(DateTimeOffset at) => Volatile.Write(ref _lastRotationTicks, at.UtcTicks);

    internal CounterSnapshot Snapshot()
    {
        var issues = new long[_issues.Length];
        for (int i = 0; i < issues.Length; i++)
        {
            issues[i] = Volatile.Read(ref _issues[i]);
        }

        return new CounterSnapshot(PacketsReceived, BytesReceived, PacketsProcessed, KernelDropped, FlowPacketsSent, FlowPacketsReceived, FlowBytesSent, FlowBytesReceived, issues);
    }

    /// <summary>Publishes <paramref name="base"/> plus the live figures of the current actor instance.</summary>
    internal void Publish(CounterSnapshot @base, in LiveFigures live)
    {
        Volatile.Write(ref _packetsReceived, @base.PacketsReceived + live.PacketsReceived);
        Volatile.Write(ref _bytesReceived, @base.BytesReceived + live.BytesReceived);
        Volatile.Write(ref _packetsProcessed, @base.PacketsProcessed + live.PacketsProcessed);
        Volatile.Write(ref _kernelDropped, @base.KernelDropped + live.KernelDropped);
        Volatile.Write(ref _flowPacketsSent, @base.FlowPacketsSent + live.Flow.PacketsSent);
        Volatile.Write(ref _flowPacketsReceived, @base.FlowPacketsReceived + live.Flow.PacketsReceived);
        Volatile.Write(ref _flowBytesSent, @base.FlowBytesSent + live.Flow.BytesSent);
        Volatile.Write(ref _flowBytesReceived, @base.FlowBytesReceived + live.Flow.BytesReceived);
        for (int i = 0; i < _issues.Length; i++)
        {
            Volatile.Write(ref _issues[i], @base.Issues[i] + live.Issues[i]);
        }

        Volatile.Write(ref _activeFlows, live.ActiveFlows);
        Volatile.Write(ref _localFrames, live.LocalBuffer.Frames);
        Volatile.Write(ref _localUsed, live.LocalBuffer.UsedBytes);
        Volatile.Write(ref _localCapacity, live.LocalBuffer.CapacityBytes);
        Volatile.Write(ref _poolRented, live.LocalBuffer.PoolRentedBytes);
        Volatile.Write(ref _poolCapacity, live.LocalBuffer.PoolCapacityBytes);
    }

    /// <summary>Cumulative figures at the start of an actor instance.</summary>
    internal sealed record CounterSnapshot(
        long PacketsReceived, long BytesReceived, long PacketsProcessed, long KernelDropped,
        long FlowPacketsSent, long FlowPacketsReceived, long FlowBytesSent, long FlowBytesReceived, long[] Issues);

    /// <summary>What one actor instance counted so far (rotated intervals plus the current one).</summary>
    internal struct LiveFigures
    {
        public long PacketsReceived;
        public long BytesReceived;
        public long PacketsProcessed;
        public long KernelDropped;
        public (long PacketsSent, long PacketsReceived, long BytesSent, long BytesReceived) Flow;
        public long[] Issues;
        public int ActiveFlows;
        public LocalBufferUsage LocalBuffer;
    }
}
