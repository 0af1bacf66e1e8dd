namespace Weir.Actors.Kernel;

/// <summary>Well-known refs (Akka's <c>ActorRefs</c>).</summary>
public static class ActorRefs
{
    /// <summary>"No sender": replies to it go to dead letters. It is <c>null</c>, as in Akka.</summary>
    public static IActorRef? NoSender => null;

    /// <summary>A ref that points at no actor; messages to it are dropped as dead letters.</summary>
    public static IActorRef Nobody => NobodyActorRef.Instance;
}
