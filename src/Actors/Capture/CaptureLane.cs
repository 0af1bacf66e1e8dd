using System.Collections.Concurrent;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Actors.Capture;

/// <summary>
/// One more socket of an interface captured with <c>weir.capture.fanout</c> &gt; 1: its own dedicated thread,
/// <see cref="FlowLog"/> and <see cref="LocalBuffer"/>, driven by the interface's <see cref="CaptureActor"/>
/// (which reads the first socket on its own thread). The log is touched by the lane's thread only while it
/// runs; the actor asks for rotations and live copies through <see cref="Rotate"/> and <see cref="Aggregate"/>,
/// which the lane handles between two batches (the source is woken so that this is prompt), and it publishes
/// its figures once per batch for the actor to add up. After <see cref="Stop"/> has joined the thread, the
/// actor's thread owns the log and requests are handled at once on it.
/// </summary>
internal sealed class CaptureLane : IDisposable
{
    private readonly string _interfaceName;
    private readonly ICaptureSource _source;
    private readonly SocketLog _socket;
    private readonly FlowLog _log;
    private readonly ConcurrentQueue<Action> _requests = new();
    private readonly Thread _thread;
    private readonly Lock _figuresGate = new();
    private readonly long[] _publishedIssues = new long[ParseIssues.Count];
    private InterfaceCounters.LiveFigures _published;
    private Task<FlowBlock>? _copy;
    private TaskCompletionSource<FlowBlock>? _copyReply;
    private volatile bool _stopping;
    private volatile Exception? _failure;
    private bool _joined;
    private readonly int _threadNice;

    /// <summary>
    /// Starts a lane reading <paramref name="source"/> on a new thread named after the interface and
    /// <paramref name="index"/>, at nice value <paramref name="threadNice"/> (0: as it is).
    /// </summary>
    public CaptureLane(string interfaceName, int index, ICaptureSource source, LocalBufferPool pool, int initialFlowCapacity, int threadNice = 0)
    {
        _threadNice = threadNice;
        _interfaceName = interfaceName;
        _source = source;
        _socket = new SocketLog(pool, initialFlowCapacity);
        _log = _socket.Log;
        _published.Issues = _publishedIssues;
        _thread = new Thread(Run) { IsBackground = true, Name = $"weir-capture-{interfaceName}-{index}" };
        _thread.Start();
    }

    /// <summary>The exception that ended the lane's reading, or null.</summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// Ends the interval of this socket between two of its batches: the answer is its block (possibly empty),
    /// with <paramref name="start"/> … <paramref name="end"/> and the kernel drops of the socket.
    /// </summary>
    public Task<FlowBlock> Rotate(DateTimeOffset start, DateTimeOffset end)
    {
        var reply = new TaskCompletionSource<FlowBlock>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (_copy is not null)
            {
                // Finish the live copy first, so that no buffered frame lands in the wrong interval.
                FinishCopy();
            }

            FlowBlock block = _socket.Rotate(_interfaceName, start, end, _source.Stats.KernelDropped);
            PublishFigures();
            reply.SetResult(block);
        });
        return reply.Task;
    }

    /// <summary>
    /// A copy of this socket's current interval, made on a worker thread while the lane's frames wait in its
    /// local buffer (as the actor does for its own socket).
    /// </summary>
    public Task<FlowBlock> Aggregate(DateTimeOffset start, DateTimeOffset now)
    {
        var reply = new TaskCompletionSource<FlowBlock>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (_copy is not null)
            {
                _copy.ContinueWith(t => reply.SetResult(t.Result), TaskScheduler.Default);
                return;
            }

            FlowLog log = _log;
            string name = _interfaceName;
            long kernelDropped = _source.Stats.KernelDropped;
            _copyReply = reply;
            _copy = _joined
                ? Task.FromResult(log.Aggregate(name, start, now, kernelDropped))
                : Task.Run(() => log.Aggregate(name, start, now, kernelDropped));
            if (_joined)
            {
                FinishCopy();
            }
        });
        return reply.Task;
    }

    /// <summary>Adds this lane's last published figures to <paramref name="sum"/> (called by the actor's thread).</summary>
    public void AddFiguresTo(ref InterfaceCounters.LiveFigures sum)
    {
        lock (_figuresGate)
        {
            sum.PacketsReceived += _published.PacketsReceived;
            sum.BytesReceived += _published.BytesReceived;
            sum.KernelDropped += _published.KernelDropped;
            sum.PacketsProcessed += _published.PacketsProcessed;
            sum.Flow = (
                sum.Flow.PacketsSent + _published.Flow.PacketsSent,
                sum.Flow.PacketsReceived + _published.Flow.PacketsReceived,
                sum.Flow.BytesSent + _published.Flow.BytesSent,
                sum.Flow.BytesReceived + _published.Flow.BytesReceived);
            for (int i = 0; i < sum.Issues.Length; i++)
            {
                sum.Issues[i] += _publishedIssues[i];
            }

            sum.ActiveFlows += _published.ActiveFlows;
            LocalBufferUsage own = sum.LocalBuffer, lane = _published.LocalBuffer;
            sum.LocalBuffer = own with
            {
                Frames = own.Frames + lane.Frames,
                UsedBytes = own.UsedBytes + lane.UsedBytes,
                CapacityBytes = own.CapacityBytes + lane.CapacityBytes,
            };
        }
    }

    /// <summary>
    /// Stops reading (the flows are kept) and joins the thread; from then on requests are handled at once on
    /// the caller's thread. Requests posted before are handled now. Idempotent; call it on the actor's thread.
    /// </summary>
    public void Stop()
    {
        if (_joined)
        {
            return;
        }

        _stopping = true;
        (_source as ILiveCaptureSource)?.Wake();
        _thread.Join();
        _joined = true;
        if (_copy is not null)
        {
            FinishCopy();
        }

        HandleRequests();
        PublishFigures();
    }

    /// <summary>Stops the lane (if still running) and closes its source and buffer.</summary>
    public void Dispose()
    {
        Stop();
        _source.Dispose();
        _socket.Dispose();
    }

    private void Post(Action request)
    {
        _requests.Enqueue(request);
        if (Volatile.Read(ref _joined))
        {
            HandleRequests();
        }
        else
        {
            (_source as ILiveCaptureSource)?.Wake();
        }
    }

    private void HandleRequests()
    {
        while (_requests.TryDequeue(out Action? request))
        {
            request();
        }
    }

    private void Run()
    {
        // Where this fails, so did the actor's own thread, which logs why.
        _ = CaptureThreadPriority.TrySet(_threadNice);
        try
        {
            while (!_stopping)
            {
                HandleRequests();
                if (_copy is not null && _socket.BufferPressed)
                {
                    FinishCopy();
                }

                var handler = new Handler(this);
                int n = _source.ReadBatch(ref handler, CancellationToken.None);
                if (_copy is { IsCompleted: true })
                {
                    FinishCopy();
                }

                PublishFigures();
                _log.PrepareSpareTables();
                if (n == 0 && _source is not ILiveCaptureSource)
                {
                    Thread.Sleep(1);
                }
            }
        }
        catch (Exception ex)
        {
            // The actor sees it after its next batch and fails, which restarts the whole interface.
            _failure = ex;
        }
    }

    private void FinishCopy()
    {
        Task<FlowBlock> copy = _copy!;
        TaskCompletionSource<FlowBlock> reply = _copyReply!;
        _copy = null;
        _copyReply = null;
        try
        {
            reply.SetResult(copy.GetAwaiter().GetResult());
        }
        catch (Exception ex)
        {
            reply.SetException(ex);
        }

        _socket.ReplayBuffer();
    }

    private void OnFrame(in Frame frame) => _socket.OnFrame(in frame, copying: _copy is not null);

    private void PublishFigures()
    {
        CaptureSourceStats stats = _source.Stats;
        lock (_figuresGate)
        {
            _socket.Fill(ref _published, in stats);
        }
    }

    private readonly struct Handler(CaptureLane owner) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => owner.OnFrame(in frame);
    }
}
