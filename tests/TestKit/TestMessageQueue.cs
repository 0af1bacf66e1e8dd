namespace Weir.TestKit;

/// <summary>The queue of a test actor: producers are actor threads, the consumer is the test.</summary>
internal sealed class TestMessageQueue
{
    private readonly object _lock = new();
    private readonly LinkedList<MessageEnvelope> _queue = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Enqueue(MessageEnvelope envelope)
    {
        lock (_lock)
        {
            _queue.AddLast(envelope);
            Monitor.PulseAll(_lock);
        }
    }

    public bool TryTake(TimeSpan timeout, out MessageEnvelope envelope) => TryGet(timeout, remove: true, out envelope);

    public bool TryPeek(TimeSpan timeout, out MessageEnvelope envelope) => TryGet(timeout, remove: false, out envelope);

    private bool TryGet(TimeSpan timeout, bool remove, out MessageEnvelope envelope)
    {
        long deadline = Environment.TickCount64 + (long)Math.Max(0, timeout.TotalMilliseconds);
        lock (_lock)
        {
            while (_queue.Count == 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    envelope = null!;
                    return false;
                }

                Monitor.Wait(_lock, (int)Math.Min(left, int.MaxValue));
            }

            envelope = _queue.First!.Value;
            if (remove)
            {
                _queue.RemoveFirst();
            }

            return true;
        }
    }
}
