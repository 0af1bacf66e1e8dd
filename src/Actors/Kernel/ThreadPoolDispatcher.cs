namespace Weir.Actors.Kernel;

/// <summary>The default dispatcher: turns run on the .NET thread pool, the mailbox queued as the work item.</summary>
internal sealed class ThreadPoolDispatcher : MessageDispatcher
{
    public static ThreadPoolDispatcher Instance { get; } = new();

    public override void Schedule(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
