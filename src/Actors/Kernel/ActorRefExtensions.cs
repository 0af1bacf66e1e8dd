namespace Weir.Actors.Kernel;

/// <summary>Sending with the implicit sender: <c>Self</c> inside an actor, <see cref="ActorRefs.NoSender"/> outside
/// (or the TestKit's <c>TestActor</c> in a test body).</summary>
public static class ActorRefExtensions
{
    /// <summary>Sends <paramref name="message"/> with the implicit sender.</summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.CurrentSelfOrNoSender());
    }

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message being handled.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var cell = ActorCell.Current;
        receiver.Tell(message, cell?.CurrentSender);
    }

    /// <summary>Whether <paramref name="actorRef"/> is <see cref="ActorRefs.Nobody"/> or <c>null</c>.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || actorRef is NobodyActorRef;
}
