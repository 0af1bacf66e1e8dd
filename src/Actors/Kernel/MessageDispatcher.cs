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

/// <summary>The default dispatcher: turns run on the .NET thread pool, the mailbox queued as the work item.</summary>
internal sealed class ThreadPoolDispatcher : MessageDispatcher
{
    public static ThreadPoolDispatcher Instance { get; } = new();

    public override void Schedule(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
