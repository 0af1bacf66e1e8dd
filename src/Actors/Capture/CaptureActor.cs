using System.Reflection;
using System.Runtime.CompilerServices;
using Weir.Actors.Kernel;
using Weir.Actors.Writeout;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Actors.Capture;

/// <summary>
/// Captures one interface on its own pinned thread: reads batches from its source into its
/// <see cref="FlowLog"/>, and between batches handles its mailbox (rotation, live queries, stop). The log is
/// touched by this thread only. Rotation is O(1) (<see cref="FlowLog.Rotate"/>); a live query copies the log
/// on a worker thread while this thread keeps reading frames into the <see cref="LocalBuffer"/>, replayed into
/// the log when the copy is done. Frames of a batch that do not fit are dropped and counted
/// (<see cref="ParseIssue.LocalBufferFull"/>); once the buffer is half full or has overflowed, the thread waits
/// for the copy before it reads the next batch, so that frames wait in the source's ring instead.
/// A failing source fails the actor; <see cref="PostStop"/> first hands the flows counted so far to writeout.
/// <para><b>Fanout.</b> With <c>weir.capture.fanout</c> = N &gt; 1 the actor opens N sockets of one
/// <c>PACKET_FANOUT</c> group (hash mode: a connection's packets reach one socket): it reads the first itself,
/// and a <see cref="CaptureLane"/> reads each other one on its own thread into its own log. A rotation rotates
/// this log at once and each lane's between two of its batches; when all have answered, one block of the
/// interface (<see cref="FlowBlock.Combine"/>, O(sockets)) goes to writeout, in rotation order. Status and
/// metrics are the sums over the sockets, and a live query answers one block combining the sockets' copies.
/// A failing lane fails the actor, which restarts the whole group.</para>
/// </summary>
public sealed class CaptureActor : PinnedLoopActor
{
    private readonly InterfaceConfig _config;
    private readonly Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>> _openSources;
    private readonly int _fanout;
    private readonly LocalBufferPool _pool;
    private readonly List<CaptureLane> _lanes = [];
    private readonly Queue<PendingRotation> _pendingRotations = new();
    private readonly IActorRef _writeout;
    private readonly InterfaceCounters _counters;
    private readonly InterfaceCounters.CounterSnapshot _base;
    private readonly SocketLog _socket;
    private readonly FlowLog _log;
    private readonly List<IActorRef> _aggregateWaiters = [];
    private InterfaceCounters.LiveFigures _live;
    private ICaptureSource? _source;
    private Task<FlowBlock>? _handOver;
    private Task<FlowBlock[]>? _laneCopies;
    private DateTimeOffset _intervalStart;
    private bool _reading = true;
    private bool _failed;

    /// <summary>Creates the actor with one socket (use <see cref="Props(InterfaceConfig, Func{InterfaceConfig, ICaptureSource}, IActorRef, InterfaceCounters, LocalBufferPool)"/>).</summary>
    public CaptureActor(InterfaceConfig config, Func<InterfaceConfig, ICaptureSource> sourceFactory, IActorRef writeout, InterfaceCounters counters, LocalBufferPool pool, int initialFlowCapacity = 0)
        : this(config, (c, _) => [sourceFactory(c)], 1, writeout, counters, pool, initialFlowCapacity)
    {
    }

    /// <summary>
    /// Creates the actor with <paramref name="fanout"/> sockets: <paramref name="openSources"/> opens them (one
    /// fanout group; it may return fewer, such as one libpcap source, which is logged as a warning). The first is
    /// read on the actor's thread, each other one by a <see cref="CaptureLane"/> on its own thread with its own log.
    /// </summary>
    public CaptureActor(InterfaceConfig config, Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>> openSources, int fanout, IActorRef writeout, InterfaceCounters counters, LocalBufferPool pool, int initialFlowCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanout, 1);
        _config = config;
        _openSources = openSources;
        _fanout = fanout;
        _pool = pool;
        _writeout = writeout;
        _counters = counters;
        _base = counters.Snapshot();
        _socket = new SocketLog(pool, initialFlowCapacity);
        _log = _socket.Log;
        _live.Issues = new long[ParseIssues.Count];

        Receive<Rotate>(OnRotate);
        Receive<LanesDone>(_ => CompleteRotations());
        Receive<AggregateFlows>(_ => OnAggregate());
        Receive<StopCapture>(_ =>
        {
            StopReading();
            Sender.Tell(CaptureStopped.Instance);
        });
    }

    /// <summary>The interface.</summary>
    public string InterfaceName => _config.Name;

    /// <summary>Nice value of this actor's capture threads (its own and its lanes'), set when the source opens; 0 leaves them as they are.</summary>
    public int ThreadNice { get; init; }

    /// <summary>Props of a capture actor with one socket (pinned dispatcher).</summary>
    public static Props Props(InterfaceConfig config, Func<InterfaceConfig, ICaptureSource> sourceFactory, IActorRef writeout, InterfaceCounters counters, LocalBufferPool pool) =>
        Kernel.Props.Create(() => new CaptureActor(config, sourceFactory, writeout, counters, pool, 0));

    /// <summary>Props of a capture actor with <paramref name="fanout"/> sockets (see the constructor).</summary>
    public static Props Props(InterfaceConfig config, Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>> openSources, int fanout, IActorRef writeout, InterfaceCounters counters, LocalBufferPool pool) =>
        Props(config, openSources, fanout, writeout, counters, pool, 0);

    /// <summary>
    /// Props of a capture actor with <paramref name="fanout"/> sockets whose capture threads run at nice value
    /// <paramref name="threadNice"/> (<c>weir.capture.thread-nice</c>; 0 leaves them as they are).
    /// </summary>
    public static Props Props(InterfaceConfig config, Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>> openSources, int fanout, IActorRef writeout, InterfaceCounters counters, LocalBufferPool pool, int threadNice) =>
        Kernel.Props.Create(() => new CaptureActor(config, openSources, fanout, writeout, counters, pool, 0) { ThreadNice = threadNice });

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _intervalStart = Context.System.Scheduler.UtcNow;
        _counters.SetState(CaptureState.Starting);
        _counters.SetActor(Self);
        WarmUpRotation();
        StartLoop();
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _counters.SetSource(null);
        foreach (CaptureLane lane in _lanes)
        {
            lane.Stop();
        }

        if (_handOver is not null)
        {
            FinishHandOver(wait: true);
        }

        try
        {
            // The lanes are joined: their rotations are answered at once, so every pending block goes out now.
            CompleteRotations();
            if (_lanes.Count > 0)
            {
                RotateWithLanes(Context.System.Scheduler.UtcNow, null);
            }
            else
            {
                RotateCore(Context.System.Scheduler.UtcNow);
            }
        }
        finally
        {
            foreach (CaptureLane lane in _lanes)
            {
                lane.Dispose();
            }

            _lanes.Clear();
            _source?.Dispose();
            _source = null;
            _socket.Dispose();
            _counters.SetActor(null);
            _counters.SetState(_failed ? CaptureState.Restarting : CaptureState.Stopped);
            if (_failed)
            {
                _counters.CountRestart();
            }
        }
    }

    /// <inheritdoc/>
    protected internal override void RunLoopOnce()
    {
        if (_source is null)
        {
            OpenSource();
        }

        if (_handOver is not null && _socket.BufferPressed)
        {
            // The copy is slow (a loaded machine): rather than overflow the buffer, leave the frames in the
            // source's ring until the copy is done.
            FinishHandOver(wait: true);
        }

        var handler = new Handler(this);
        int n;
        try
        {
            n = _source!.ReadBatch(ref handler, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _failed = true;
            _counters.SetError($"{ex.GetType().Name}: {ex.Message}");
            Publish();
            throw;
        }

        if (_handOver is { IsCompleted: true })
        {
            FinishHandOver(wait: false);
        }

        foreach (CaptureLane lane in _lanes)
        {
            if (lane.Failure is { } failure)
            {
                // One socket of the group failed: restart the whole interface (a new fanout group).
                _failed = true;
                _counters.SetError($"{failure.GetType().Name}: {failure.Message}");
                Publish();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }

        Publish();

        // Between batches: if the next rotation might find no ready set as large as these tables (also while
        // writeout still holds the previous block), have one made on the thread pool now, so the rotation and
        // the interval after it neither allocate nor grow here (O(1) when nothing is needed).
        _log.PrepareSpareTables();
        if (n == 0 && _source is not ILiveCaptureSource)
        {
            // A finished replay or an idle fake: do not spin the core.
            Thread.Sleep(1);
        }
    }

    private void OpenSource()
    {
        IReadOnlyList<ICaptureSource> sources;
        try
        {
            sources = _openSources(_config, _fanout);
            if (sources.Count == 0)
            {
                throw new CaptureException($"no capture source opened for {_config.Name}");
            }
        }
        catch (Exception ex)
        {
            _failed = true;
            _counters.SetError($"{ex.GetType().Name}: {ex.Message}");
            throw;
        }

        // Before the first batch: on a short host the scheduler then prefers this thread from the start.
        if (CaptureThreadPriority.TrySet(ThreadNice) is { } notSet)
        {
            Context.GetLogger().Debug("capture thread of {0} keeps its priority: {1}", _config.Name, notSet);
        }

        _source = sources[0];
        for (int k = 1; k < sources.Count; k++)
        {
            _lanes.Add(new CaptureLane(_config.Name, k, sources[k], _pool, 0, ThreadNice));
        }

        if (sources.Count < _fanout)
        {
            string kind = _source is ILiveCaptureSource live ? live.Kind.ToString() : _source.GetType().Name;
            Context.GetLogger().Warning(
                "weir.capture.fanout = {0}, but the {1} source of {2} has no fanout: capturing {2} with {3} socket(s) on one thread each (fanout needs AF_PACKET)",
                _fanout, kind, _config.Name, sources.Count);
        }

        _counters.SetSource(_source);
        _counters.SetState(CaptureState.Capturing);
    }

    private void StopReading()
    {
        if (!_reading)
        {
            return;
        }

        _reading = false;
        StopLoop();
        foreach (CaptureLane lane in _lanes)
        {
            lane.Stop();
        }

        if (_handOver is not null)
        {
            FinishHandOver(wait: true);
        }

        CompleteRotations();
        Publish();
        _counters.SetState(CaptureState.Stopped);
    }

    private void OnRotate(Rotate rotate)
    {
        if (_lanes.Count > 0)
        {
            RotateWithLanes(rotate.End ?? Context.System.Scheduler.UtcNow, Sender);
            return;
        }

        if (_handOver is not null)
        {
            // The log is being copied; finish that first so that no frame of the buffer lands in the wrong interval.
            FinishHandOver(wait: true);
        }

        var block = RotateCore(rotate.End ?? Context.System.Scheduler.UtcNow);
        Publish();
        Sender.Tell(new Rotated(block));
    }

    /// <summary>
    /// Rotates this socket's log now and asks every lane to rotate its own between its batches; the block of
    /// the interface (<see cref="FlowBlock.Combine"/> of all of them) goes to writeout, and the answer to
    /// <paramref name="replyTo"/>, once every lane has answered (<see cref="CompleteRotations"/>), in order.
    /// </summary>
    private void RotateWithLanes(DateTimeOffset end, IActorRef? replyTo)
    {
        if (_handOver is not null)
        {
            FinishHandOver(wait: true);
        }

        if (end < _intervalStart)
        {
            end = _intervalStart;
        }

        DateTimeOffset start = _intervalStart;
        _intervalStart = end;
        FlowBlock own = _socket.Rotate(_config.Name, start, end, _source?.Stats.KernelDropped ?? 0);
        var parts = new Task<FlowBlock>[_lanes.Count];
        for (int k = 0; k < parts.Length; k++)
        {
            parts[k] = _lanes[k].Rotate(start, end);
        }

        _pendingRotations.Enqueue(new PendingRotation(own, parts, replyTo, start, end));
        if (!Array.TrueForAll(parts, t => t.IsCompleted))
        {
            IActorRef self = Self;
            Task.WhenAll(parts).ContinueWith(_ => self.Tell(LanesDone.Instance, ActorRefs.NoSender), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        else
        {
            // The lanes are stopped and answered at once (after StopCapture, or in PostStop).
            CompleteRotations();
        }

        Publish();
    }

    /// <summary>Hands over, in rotation order, every interval whose lanes have all answered.</summary>
    private void CompleteRotations()
    {
        while (_pendingRotations.TryPeek(out PendingRotation? pending) && Array.TrueForAll(pending.Parts, t => t.IsCompleted))
        {
            _pendingRotations.Dequeue();
            var blocks = new List<FlowBlock>(pending.Parts.Length + 1) { pending.Own };
            foreach (Task<FlowBlock> part in pending.Parts)
            {
                if (part.IsCompletedSuccessfully)
                {
                    blocks.Add(part.Result);
                }
                else
                {
                    Context.GetLogger().Error(part.Exception, "A fanout socket of {0} failed to rotate; its flows of {1:O} are lost", _config.Name, pending.Start);
                }
            }

            FlowBlock block = FlowBlock.Combine(_config.Name, pending.Start, pending.End, blocks);
            RotatedBlock? summary = null;
            if (block.Count == 0 && block.Totals.Packets == 0 && block.Stats.LocalDropped == 0 && !HasIssues(block))
            {
                block.Release();
            }
            else
            {
                _counters.SetLastRotation(pending.End);
                _writeout.Tell(new WriteBlock(block), ActorRefs.NoSender);
                FlowCounters totals = block.Totals;
                summary = new RotatedBlock(block.InterfaceName, block.Start, block.End, block.Count, (long)totals.Packets, (long)totals.Bytes);
            }

            pending.ReplyTo?.Tell(new Rotated(summary));
        }
    }

    private static bool HasIssues(FlowBlock block)
    {
        for (int i = 1; i < ParseIssues.Count; i++)
        {
            if (block.IssueCount((ParseIssue)i) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private RotatedBlock? RotateCore(DateTimeOffset end)
    {
        if (end < _intervalStart)
        {
            end = _intervalStart;
        }

        long kernelDropped = _source?.Stats.KernelDropped ?? 0;
        if (_log.Count == 0 && _log.Totals.Packets == 0 && _log.IssueCount(ParseIssue.LocalBufferFull) == 0 && !HasIssues())
        {
            _intervalStart = end;
            return null;
        }

        FlowBlock block = _socket.Rotate(_config.Name, _intervalStart, end, kernelDropped);
        _intervalStart = end;
        FlowCounters totals = block.Totals;

        _counters.SetLastRotation(end);
        _writeout.Tell(new WriteBlock(block), ActorRefs.NoSender);
        return new RotatedBlock(block.InterfaceName, block.Start, block.End, block.Count, (long)totals.Packets, (long)totals.Bytes);
    }

    /// <summary>
    /// Runs the rotation path once on a throwaway log and compiles the actor's own methods and messages, so
    /// that the first real rotation does not compile them on the capture thread while packets wait (measured:
    /// seven methods, 1–1.5 ms of JIT in the first rotation otherwise).
    /// </summary>
    private static void WarmUpRotation()
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (Type type in (ReadOnlySpan<Type>)[typeof(CaptureActor), typeof(SocketLog), typeof(Rotate), typeof(Rotated), typeof(WriteBlock), typeof(RotatedBlock), typeof(InterfaceCounters), typeof(FlowLog), typeof(FlowBlock), typeof(FlowBlockStats), typeof(FlowCounters)])
        {
            foreach (MethodBase method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
            {
                if (!method.IsAbstract && !method.ContainsGenericParameters)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
            }
        }

        var log = new FlowLog(FlowLogOptions.Default with { InitialCapacity = 16 });
        log.CountDropped(ParseIssue.LocalBufferFull);
        DateTimeOffset now = DateTimeOffset.UnixEpoch;
        FlowBlock block = log.Rotate("warm-up", now, now);
        _ = block.Totals;
        _ = block.Records.Length;
        _ = new RotatedBlock(block.InterfaceName, block.Start, block.End, block.Count, 0, 0);
        _ = new WriteBlock(block);
    }

    private bool HasIssues()
    {
        for (int i = 1; i < ParseIssues.Count; i++)
        {
            if (_log.IssueCount((ParseIssue)i) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private void OnAggregate()
    {
        _aggregateWaiters.Add(Sender);
        if (_handOver is not null)
        {
            return;
        }

        var now = Context.System.Scheduler.UtcNow;
        long kernelDropped = _source?.Stats.KernelDropped ?? 0;
        if (_lanes.Count > 0)
        {
            DateTimeOffset from = _intervalStart;
            _laneCopies = Task.WhenAll(_lanes.Select(l => l.Aggregate(from, now)));
        }

        if (!IsLoopRunning)
        {
            // Nobody reads frames meanwhile: copy here.
            _handOver = Task.FromResult(_log.Aggregate(_config.Name, _intervalStart, now, kernelDropped));
            FinishHandOver(wait: false);
            return;
        }

        var log = _log;
        string name = _config.Name;
        var start = _intervalStart;
        _handOver = Task.Run(() => log.Aggregate(name, start, now, kernelDropped));
    }

    private void FinishHandOver(bool wait)
    {
        Task<FlowBlock> task = _handOver!;
        _handOver = null;
        Task<FlowBlock[]>? laneCopies = _laneCopies;
        _laneCopies = null;
        FlowBlock? block = null;
        try
        {
            block = wait ? task.GetAwaiter().GetResult() : task.Result;
        }
        catch (Exception ex)
        {
            foreach (var waiter in _aggregateWaiters)
            {
                waiter.Tell(new Status.Failure(ex));
            }

            _aggregateWaiters.Clear();
        }

        _socket.ReplayBuffer();

        if (block is not null && laneCopies is not null)
        {
            // The other sockets' copies may still be running: answer when they are in, off this thread.
            IActorRef[] waiters = [.. _aggregateWaiters];
            _aggregateWaiters.Clear();
            string name = _config.Name;
            laneCopies.ContinueWith(
                t =>
                {
                    object answer = t.IsCompletedSuccessfully
                        ? FlowBlock.Combine(name, block.Start, block.End, [block, .. t.Result])
                        : new Status.Failure(t.Exception!);
                    foreach (var waiter in waiters)
                    {
                        waiter.Tell(answer);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
        else if (block is not null)
        {
            foreach (var waiter in _aggregateWaiters)
            {
                waiter.Tell(block);
            }

            _aggregateWaiters.Clear();
        }
    }

    private void OnFrame(in Frame frame) => _socket.OnFrame(in frame, copying: _handOver is not null);

    private void Publish()
    {
        CaptureSourceStats stats = _source?.Stats ?? default;
        ref var live = ref _live;
        _socket.Fill(ref live, in stats);
        foreach (CaptureLane lane in _lanes)
        {
            lane.AddFiguresTo(ref live);
        }

        _counters.Publish(_base, in live);
    }

    /// <summary>Rotates: hands the interval ending at <paramref name="End"/> (or now) to writeout; the answer is <see cref="Rotated"/>.</summary>
    internal sealed record Rotate(DateTimeOffset? End);

    /// <summary>The answer to <see cref="Rotate"/>: the block handed over, or <c>null</c> when the interval was empty.</summary>
    internal sealed record Rotated(RotatedBlock? Block);

    /// <summary>Asks for a copy of the current interval; the answer is a <see cref="FlowBlock"/>.</summary>
    internal sealed class AggregateFlows
    {
        public static AggregateFlows Instance { get; } = new();
    }

    /// <summary>An interval handed over by this socket whose lanes have not all answered yet.</summary>
    private sealed record PendingRotation(FlowBlock Own, Task<FlowBlock>[] Parts, IActorRef? ReplyTo, DateTimeOffset Start, DateTimeOffset End);

    /// <summary>Every lane answered a rotation request.</summary>
    private sealed class LanesDone
    {
        public static LanesDone Instance { get; } = new();
    }

    private readonly struct Handler(CaptureActor owner) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => owner.OnFrame(in frame);
    }
}
