namespace Weir.Actors.Kernel;

/// <summary>Every actor answers with <see cref="ActorIdentity"/>; dead letters answer with an empty subject.</summary>
/// <param name="MessageId">Echoed in the reply so the asker can match it.</param>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;
