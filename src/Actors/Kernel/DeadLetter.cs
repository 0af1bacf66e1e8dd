namespace Weir.Actors.Kernel;

/// <summary>A message that could not be delivered, published on the <see cref="EventStream"/>.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it (dead letters for no sender).</param>
/// <param name="Recipient">Where it was going.</param>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient) : INotInfluenceReceiveTimeout;
