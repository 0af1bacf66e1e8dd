using System.Diagnostics;
using Weir.Actors.Capture;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;

namespace Weir.Actors.Writeout;

/// <summary>
/// <c>/user/writeout</c>: writes <see cref="WriteBlock"/>s to its <see cref="IFlowBlockSink"/> one at a time in
/// arrival order. A failed write keeps the block at the head of the queue and retries it with back-off
/// (<c>weir.writeout.retry-min</c> … <c>retry-max</c>) until it succeeds or the process stops: a block is
/// never dropped. A full disk is logged at Error on every failed attempt. Each written block is acknowledged
/// to its sender and published on the event stream as <see cref="BlockWritten"/>, and released
/// (<see cref="Engine.Flows.FlowBlock.Release"/>: its flow tables go back to the capture for reuse).
/// </summary>
public sealed class WriteoutActor : ReceiveActor, IWithTimers
{
    private const int DiskFullErrno = 28;
    private const int DiskFullHResultWin = unchecked((int)0x80070070);

    private readonly WriteoutSettings _settings;
    private readonly Func<IFlowBlockSink> _sinkFactory;
    private readonly CaptureRegistry? _registry;
    private readonly Queue<Pending> _queue = new();
    private readonly List<(long Target, IActorRef ReplyTo)> _flushWaiters = [];
    private readonly Dictionary<string, BlockWritten> _lastWritten = new(StringComparer.Ordinal);
    private IFlowBlockSink? _sink;
    private long _received;
    private long _written;
    private long _flowsWritten;
    private int _failures;
    private string? _lastError;
    private bool _retrying;
    private bool _processScheduled;

    /// <summary>Creates the actor (use <see cref="Props"/>).</summary>
    public WriteoutActor(WriteoutSettings settings, Func<IFlowBlockSink> sinkFactory, CaptureRegistry? registry = null)
    {
        _settings = settings;
        _sinkFactory = sinkFactory;
        _registry = registry;
        Receive<WriteBlock>(OnWriteBlock);
        Receive<Process>(_ =>
        {
            _processScheduled = false;
            _retrying = false;
            WriteHead();
        });
        Receive<Flush>(_ =>
        {
            if (_written >= _received)
            {
                Sender.Tell(Flushed.Instance);
            }
            else
            {
                _flushWaiters.Add((_received, Sender));
            }
        });
        Receive<GetWriteoutStatus>(_ => Sender.Tell(new WriteoutStatus(
            _queue.Count, _written, _flowsWritten, new Dictionary<string, BlockWritten>(_lastWritten, StringComparer.Ordinal), _lastError, _retrying)));
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the actor.</summary>
    public static Props Props(WriteoutSettings settings, Func<IFlowBlockSink> sinkFactory, CaptureRegistry? registry = null) =>
        Kernel.Props.Create(() => new WriteoutActor(settings, sinkFactory, registry));

    /// <inheritdoc/>
    protected override void PostStop()
    {
        if (_queue.Count > 0)
        {
            Context.GetLogger().Error("Writeout stopped with {0} block(s) not written (first: {1} {2:O})", _queue.Count, _queue.Peek().Block.Block.InterfaceName, _queue.Peek().Block.Block.Start);
        }

        _sink?.Dispose();
        _sink = null;
    }

    private void OnWriteBlock(WriteBlock message)
    {
        ArgumentNullException.ThrowIfNull(message.Block);
        _received++;
        _queue.Enqueue(new Pending(message, Sender));
        ScheduleProcess();
    }

    private void ScheduleProcess()
    {
        if (!_retrying && !_processScheduled && _queue.Count > 0)
        {
            // One block per message, so that status and flush requests are answered between writes.
            _processScheduled = true;
            Self.Tell(Process.Instance);
        }
    }

    private void WriteHead()
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var pending = _queue.Peek();
        var block = pending.Block.Block;
        long started = Stopwatch.GetTimestamp();
        try
        {
            _sink ??= _sinkFactory();
            _sink.Write(block);
        }
        catch (Exception ex)
        {
            OnWriteFailed(block.InterfaceName, block.Start, ex);
            return;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        _queue.Dequeue();

        // Writeout owns the block: now that it is written, its tables go back to the capture's log.
        block.Release();
        _failures = 0;
        _written++;
        _flowsWritten += block.Count;
        var totals = block.Totals;
        var ack = new BlockWritten(block.InterfaceName, block.Start, block.End, block.Count, (long)totals.Packets, (long)totals.Bytes, _written, duration);
        _lastWritten[block.InterfaceName] = ack;
        _registry?.WriteoutDuration.Observe(duration);
        if (pending.Sender is { } sender && !sender.Equals(Context.System.DeadLetters) && !sender.Equals(ActorRefs.Nobody))
        {
            sender.Tell(ack);
        }

        Context.System.EventStream.Publish(ack);
        for (int i = _flushWaiters.Count - 1; i >= 0; i--)
        {
            if (_written >= _flushWaiters[i].Target)
            {
                _flushWaiters[i].ReplyTo.Tell(Flushed.Instance);
                _flushWaiters.RemoveAt(i);
            }
        }

        ScheduleProcess();
    }

    private void OnWriteFailed(string iface, DateTimeOffset start, Exception ex)
    {
        var delay = BackoffSupervisor.CalculateDelay(_failures, _settings.RetryMin, _settings.RetryMax, 0.2);
        _failures++;
        _lastError = $"{ex.GetType().Name}: {ex.Message}";
        var log = Context.GetLogger();
        if (IsDiskFull(ex))
        {
            log.Error(ex, "Disk full writing the block of {0} from {1:O}; {2} block(s) kept in memory, retry {3} in {4}", iface, start, _queue.Count, _failures, delay);
        }
        else if (_failures >= 3)
        {
            log.Error(ex, "Writing the block of {0} from {1:O} failed {2} times; {3} block(s) kept, retrying in {4}", iface, start, _failures, _queue.Count, delay);
        }
        else
        {
            log.Warning("Writing the block of {0} from {1:O} failed ({2}); retrying in {3}", iface, start, _lastError, delay);
        }

        if (ex is not IOException && ex is not UnauthorizedAccessException)
        {
            // An unknown failure may have left the sink in a bad state: start over with a new one.
            _sink?.Dispose();
            _sink = null;
        }

        _retrying = true;
        Timers.StartSingleTimer("retry", Process.Instance, delay);
    }

    private static bool IsDiskFull(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is IOException io && ((io.HResult & 0xFFFF) == DiskFullErrno || io.HResult == DiskFullHResultWin
                || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Pending(WriteBlock Block, IActorRef? Sender);

    private sealed class Process
    {
        public static Process Instance { get; } = new();
    }
}
