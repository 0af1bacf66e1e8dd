namespace Weir.Actors.Kernel;

/// <summary>
/// A mailbox holding at most <paramref name="Capacity"/> user messages. When it is full, a sender waits up to
/// <paramref name="PushTimeout"/> for room and then the message goes to dead letters. A zero push timeout never
/// blocks: the message is dropped at once, published as <see cref="Dropped"/> and counted
/// (<see cref="ActorSystem.GetDroppedCount(IActorRef)"/>) — what a capture loop needs.
/// </summary>
/// <param name="Capacity">Maximum number of queued user messages (system messages are not counted).</param>
/// <param name="PushTimeout">How long a sender may block on a full mailbox; zero means drop at once.</param>
/// <param name="StashCapacity">How many messages an <see cref="IWithStash"/> actor may stash; -1 is unbounded.</param>
public sealed record BoundedMailbox(int Capacity, TimeSpan PushTimeout, int StashCapacity = -1) : MailboxDefinition(StashCapacity);
