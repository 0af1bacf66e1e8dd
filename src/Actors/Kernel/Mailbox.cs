using System.Collections.Concurrent;

namespace Weir.Actors.Kernel;

/// <summary>
/// An actor's mailbox and its unit of scheduling. It is its own <see cref="IThreadPoolWorkItem"/>, so
/// scheduling a turn allocates nothing; a status word changed only with <see cref="Interlocked.CompareExchange(ref int, int, int)"/>
/// makes sure at most one thread runs the actor. System messages have their own queue and are drained before
/// each user message; a suspended mailbox runs system messages only.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    // Status word, as in Akka's Mailbox: bit 0 closed, bit 1 scheduled, the rest a suspend count.
    private const int Closed = 1;
    private const int Scheduled = 2;
    private const int SuspendUnit = 4;

    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly int _throughput;
    private LinkedList<Envelope>? _front;
    private int _status;
    private long _dropped;

    public Mailbox(MessageQueue queue, int throughput)
    {
        Queue = queue;
        _throughput = throughput;
    }

    public MessageQueue Queue { get; }

    public ActorCell Cell { get; private set; } = null!;

    public MessageDispatcher Dispatcher { get; private set; } = null!;

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    public bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    public bool HasMessages => Queue.HasMessages || _front is { Count: > 0 };

    public bool HasSystemMessages => !_system.IsEmpty;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public void Attach(ActorCell cell, MessageDispatcher dispatcher)
    {
        Cell = cell;
        Dispatcher = dispatcher;
    }

    /// <summary>Queues a user message and schedules a turn; false when the mailbox is closed or full.</summary>
    public bool Enqueue(in Envelope envelope, out bool dropped)
    {
        if (!Queue.TryEnqueue(envelope, out dropped))
        {
            if (dropped)
            {
                Interlocked.Increment(ref _dropped);
            }

            return false;
        }

        if (IsClosed)
        {
            // Lost the race with termination: hand what slipped in to dead letters.
            Cell.DrainToDeadLetters();
            return true;
        }

        TrySchedule();
        return true;
    }

    public void EnqueueSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        if (IsClosed)
        {
            Cell.HandleSystemMessageAfterClose();
            return;
        }

        TrySchedule(systemHint: true);
    }

    /// <summary>Puts envelopes at the head of the queue, in the given order (unstash). Consumer thread only.</summary>
    public void EnqueueFirst(IReadOnlyList<Envelope> envelopes)
    {
        _front ??= new LinkedList<Envelope>();
        for (int i = envelopes.Count - 1; i >= 0; i--)
        {
            _front.AddFirst(envelopes[i]);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.First!.Value;
            _front.RemoveFirst();
            return true;
        }

        return Queue.TryDequeue(out envelope);
    }

    public bool TryDequeueSystem(out SystemMessage message) => _system.TryDequeue(out message!);

    public void Suspend()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
        }
        while (Interlocked.CompareExchange(ref _status, s + SuspendUnit, s) != s);
    }

    public void Resume()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
            if (s < SuspendUnit)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _status, s - SuspendUnit, s) != s);
        TrySchedule();
    }

    public void Close()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
        }
        while (Interlocked.CompareExchange(ref _status, s | Closed, s) != s);
    }

    /// <summary>Schedules a turn when there is work and no turn is scheduled or running.</summary>
    public void TrySchedule(bool systemHint = false)
    {
        while (true)
        {
            int s = Volatile.Read(ref _status);
            if ((s & (Closed | Scheduled)) != 0)
            {
                return;
            }

            bool work = systemHint || HasSystemMessages || (s < SuspendUnit && HasMessages);
            if (!work)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _status, s | Scheduled, s) == s)
            {
                Dispatcher.Schedule(this);
                return;
            }
        }
    }

    /// <summary>One turn: system messages, then up to <c>throughput</c> user messages.</summary>
    public void Execute()
    {
        try
        {
            if (!IsClosed)
            {
                Cell.ProcessSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            int s;
            do
            {
                s = Volatile.Read(ref _status);
            }
            while (Interlocked.CompareExchange(ref _status, s & ~Scheduled, s) != s);
            TrySchedule();
        }
    }

    private void ProcessUserMessages()
    {
        var cell = Cell;
        for (int left = _throughput; left > 0; left--)
        {
            if (Volatile.Read(ref _status) != Scheduled)
            {
                return;
            }

            if (HasSystemMessages)
            {
                cell.ProcessSystemMessages();
                if (Volatile.Read(ref _status) != Scheduled)
                {
                    return;
                }
            }

            if (!TryDequeue(out var envelope))
            {
                return;
            }

            cell.Invoke(envelope);
        }
    }

    void IThreadPoolWorkItem.Execute() => Execute();
}
