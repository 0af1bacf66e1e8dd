using Weir.Actors.Kernel;

namespace Weir.TestKit;

/// <summary>A message received by a test actor, with its sender.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Who sent it.</param>
public sealed record MessageEnvelope(object Message, IActorRef Sender);
