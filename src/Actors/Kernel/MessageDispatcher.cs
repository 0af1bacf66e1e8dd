namespace Weir.Actors.Kernel;

/// <summary>Runs mailbox turns on threads: the shared thread pool, or one dedicated thread per actor.</summary>
internal abstract class MessageDispatcher
{
    public abstract void Schedule(Mailbox mailbox);

    /// <summary>Called once before the first turn.</summary>
    public virtual void Attach(Mailbox mailbox)
    {
    }

    /// <summary>Called once the cell has terminated; a pinned dispatcher lets its thread end.</summary>
    public virtual void Detach()
    {
    }
}
