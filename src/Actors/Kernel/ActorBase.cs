namespace Weir.Actors.Kernel;

/// <summary>
/// The base of every actor (Akka's <c>ActorBase</c>). Create actors only through <see cref="Props"/> and
/// <c>ActorOf</c>; the kernel calls the lifecycle methods on the actor's own thread, one message at a time.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private SupervisorStrategy? _strategy;

    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">The actor was constructed with <c>new</c> rather than by the kernel.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Creating ?? throw new InvalidOperationException(
            $"{GetType().Name} must be created by the kernel: use ActorOf(Props.Create(() => new {GetType().Name}(..))).");
    }

    /// <summary>The actor's context.</summary>
    protected IActorContext Context => _cell;

    /// <summary>The actor's own ref.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being handled; kept across <c>await</c> in <c>ReceiveAsync</c>.</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    internal SupervisorStrategy SupervisorStrategyInternal => _strategy ??= SupervisorStrategy();

    /// <summary>Handles one message; returns false when the message is not handled.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Called for a message no handler took: publishes <see cref="UnhandledMessage"/>; an unhandled
    /// <see cref="Terminated"/> throws <see cref="DeathPactException"/>.</summary>
    protected virtual void Unhandled(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Terminated t)
        {
            throw new DeathPactException($"Monitored actor {t.ActorRef} terminated and its Terminated was not handled.");
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    /// <summary>Called after the instance is created, before the first message.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Called after the actor stopped: children are gone, the mailbox takes no more messages.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Called on the failing instance before a restart; by default stops every child and calls <see cref="PostStop"/>.</summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being handled when it failed (it is not retried).</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.GetChildren())
        {
            _cell.Stop(child);
        }

        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart; by default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy applied to this actor's failing children (default: one-for-one, restart without limit).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => _cell.Props.SupervisorStrategy ?? Kernel.SupervisorStrategy.DefaultStrategy;

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop()
    {
        (this as IWithStash)?.Stash?.UnstashAll();
        PostStop();
    }

    internal void AroundPreRestart(Exception reason, object? message)
    {
        // The stash goes back to the mailbox so the next incarnation sees it first, in order.
        (this as IWithStash)?.Stash?.UnstashAll();
        PreRestart(reason, message);
    }

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal void InvokeUnhandled(object message) => Unhandled(message);
}
