using System.Collections.Concurrent;

namespace Weir.Actors.Kernel;

/// <summary>
/// Unbounded FIFO over <see cref="ConcurrentQueue{T}"/> of struct envelopes: its segments are ring buffers, so a
/// consumer that keeps up never makes the queue allocate.
/// </summary>
internal sealed class UnboundedMessageQueue : MessageQueue
{
    private readonly ConcurrentQueue<Envelope> _queue = new();

    public override bool HasMessages => !_queue.IsEmpty;

    public override int Count => _queue.Count;

    public override bool TryEnqueue(in Envelope envelope, out bool dropped)
    {
        dropped = false;
        _queue.Enqueue(envelope);
        return true;
    }

    public override bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);
}
