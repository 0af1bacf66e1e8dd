namespace Weir.Actors.Kernel;

/// <summary>A message no behaviour of the recipient matched, published on the <see cref="EventStream"/>.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient) : INotInfluenceReceiveTimeout;
