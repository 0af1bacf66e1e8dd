namespace Weir.Actors.Kernel;

/// <summary>The reply to <see cref="Identify"/>.</summary>
/// <param name="MessageId">The id from the <see cref="Identify"/>.</param>
/// <param name="Subject">The actor, or <c>null</c> when none lives at that path.</param>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
