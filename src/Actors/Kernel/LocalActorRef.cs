namespace Weir.Actors.Kernel;

/// <summary>The ref of an actor with a cell in this process.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    public LocalActorRef(ActorPath path, int uid, ActorCell cell)
        : base(path, uid)
    {
        Cell = cell;
    }

    public ActorCell Cell { get; }

    public override bool IsTerminated => Cell.IsTerminated;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new Envelope(message, sender);
        if (Cell.Mailbox.Enqueue(envelope, out bool dropped))
        {
            return;
        }

        Undelivered(message, sender, dropped);
    }

    public override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.EnqueueSystem(message);

    public override void Stop()
    {
        Cell.ParentCell?.MarkChildDying(this);
        SendSystemMessage(Terminate.Instance);
    }

    private void Undelivered(object message, IActorRef? sender, bool dropped)
    {
        var system = Cell.System;
        var from = sender ?? system.DeadLetters;
        if (dropped)
        {
            system.EventStream.Publish(new Dropped(message, "Mailbox is full (bounded, zero push timeout)", from, this));
            return;
        }

        system.DeadLettersRef.Tell(new DeadLetter(message, from, this), sender);
    }
}
