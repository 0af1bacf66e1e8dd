namespace Weir.Actors.Kernel;

/// <summary>Tells a watcher that <paramref name="ActorRef"/> has stopped (<see cref="IActorContext.Watch"/>).</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">Whether the actor was known to have existed (false for a ref that never lived).</param>
/// <param name="AddressTerminated">Whether the actor's node went away (always false without remoting).</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated)
    : IAutoReceivedMessage, IDeadLetterSuppression;
