namespace Weir.Actors.Kernel;

/// <summary>A user message with its sender, as queued in a mailbox (no allocation: a struct).</summary>
public readonly struct Envelope
{
    /// <summary>Wraps <paramref name="message"/> sent by <paramref name="sender"/>.</summary>
    public Envelope(object message, IActorRef? sender)
    {
        Message = message;
        Sender = sender;
    }

    /// <summary>The message.</summary>
    public object Message { get; }

    /// <summary>The sender, or <c>null</c> for <see cref="ActorRefs.NoSender"/>.</summary>
    public IActorRef? Sender { get; }
}
