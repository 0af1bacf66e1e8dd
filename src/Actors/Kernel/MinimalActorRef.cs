namespace Weir.Actors.Kernel;

/// <summary>A ref without a mailbox: messages are handled on the sender's thread, or dropped.</summary>
internal abstract class MinimalActorRef : InternalActorRef
{
    protected MinimalActorRef(ActorPath path, int uid)
        : base(path, uid)
    {
    }

    public override bool IsTerminated => false;

    public override void SendSystemMessage(SystemMessage message)
    {
        // A watch of a ref that cannot die still tells the watcher, so that nobody waits forever.
        if (message is Watch watch && !Equals(watch.Watcher))
        {
            ((InternalActorRef)watch.Watcher).SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false));
        }
    }
}
