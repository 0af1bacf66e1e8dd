namespace Weir.Actors.Kernel;

/// <summary>A ref that runs a callback on the sender's thread: loggers and test listeners on the event stream.</summary>
internal sealed class CallbackActorRef : MinimalActorRef
{
    private readonly Action<object, IActorRef?> _callback;

    public CallbackActorRef(ActorPath path, Action<object, IActorRef?> callback)
        : base(path, ActorCell.NewUid())
    {
        _callback = callback;
    }

    public override void Tell(object message, IActorRef? sender) => _callback(message, sender);
}
