namespace Weir.Actors.Kernel;

/// <summary>The parent of the root guardian: learns when the whole tree has stopped.</summary>
internal sealed class TerminationWatcherRef(ActorPath path, Action onRootTerminated) : MinimalActorRef(path, 0)
{
    public override void Tell(object message, IActorRef? sender)
    {
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification:
                onRootTerminated();
                break;
            case Failed f:
                ((InternalActorRef)f.Child).Stop();
                break;
        }
    }
}
