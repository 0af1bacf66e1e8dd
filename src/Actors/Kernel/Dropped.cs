namespace Weir.Actors.Kernel;

/// <summary>A message dropped on purpose (a full <see cref="BoundedMailbox"/> with zero push timeout), published on the <see cref="EventStream"/>.</summary>
/// <param name="Message">The dropped message.</param>
/// <param name="Reason">Why it was dropped.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">Where it was going.</param>
public sealed record Dropped(object Message, string Reason, IActorRef Sender, IActorRef Recipient) : INotInfluenceReceiveTimeout, IDeadLetterSuppression;
