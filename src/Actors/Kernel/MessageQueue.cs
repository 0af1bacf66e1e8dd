namespace Weir.Actors.Kernel;

/// <summary>The user-message queue of a mailbox: many producers, one consumer.</summary>
internal abstract class MessageQueue
{
    public abstract bool HasMessages { get; }

    public abstract int Count { get; }

    /// <summary>Queues an envelope; false when a bounded queue refused it (the caller dead-letters or drops it).</summary>
    public abstract bool TryEnqueue(in Envelope envelope, out bool dropped);

    public abstract bool TryDequeue(out Envelope envelope);
}
