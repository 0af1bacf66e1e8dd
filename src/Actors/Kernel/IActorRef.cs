namespace Weir.Actors.Kernel;

/// <summary>
/// An immutable handle to one incarnation of an actor: its <see cref="Path"/> plus a UID, so a stale ref never
/// reaches a new actor created later under the same name. Refs compare by path and UID.
/// </summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>Where the actor lives.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Sends <paramref name="message"/> with <paramref name="sender"/> as the reply address (<c>null</c> means
    /// <see cref="ActorRefs.NoSender"/>: replies go to dead letters). Never blocks, except on a full
    /// <see cref="BoundedMailbox"/> with a non-zero push timeout.
    /// </summary>
    void Tell(object message, IActorRef? sender);
}
