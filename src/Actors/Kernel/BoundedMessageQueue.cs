using System.Collections.Concurrent;

namespace Weir.Actors.Kernel;

/// <summary>
/// Bounded FIFO. With a zero push timeout a full queue refuses at once (the message is dropped); otherwise the
/// sender waits up to the push timeout for a slot.
/// </summary>
internal sealed class BoundedMessageQueue : MessageQueue
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly int _capacity;
    private readonly TimeSpan _pushTimeout;
    private readonly SemaphoreSlim? _slots;
    private int _count;

    public BoundedMessageQueue(int capacity, TimeSpan pushTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _pushTimeout = pushTimeout;
        if (pushTimeout > TimeSpan.Zero)
        {
            _slots = new SemaphoreSlim(capacity, capacity);
        }
    }

    public override bool HasMessages => !_queue.IsEmpty;

    public override int Count => Volatile.Read(ref _count);

    public override bool TryEnqueue(in Envelope envelope, out bool dropped)
    {
        if (_slots is null)
        {
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                dropped = true;
                return false;
            }
        }
        else
        {
            if (!_slots.Wait(_pushTimeout))
            {
                dropped = false;
                return false;
            }

            Interlocked.Increment(ref _count);
        }

        dropped = false;
        _queue.Enqueue(envelope);
        return true;
    }

    public override bool TryDequeue(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        _slots?.Release();
        return true;
    }
}
