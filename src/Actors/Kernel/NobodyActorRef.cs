namespace Weir.Actors.Kernel;

/// <summary>The ref of no actor (<see cref="ActorRefs.Nobody"/>); what it is sent is lost.</summary>
internal sealed class NobodyActorRef : MinimalActorRef
{
    private NobodyActorRef()
        : base(ActorPath.Root("all-systems").Child("Nobody"), 0)
    {
    }

    public static NobodyActorRef Instance { get; } = new();

    public override bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender)
    {
    }
}
