namespace Weir.Actors.Kernel;

/// <summary>What an actor sees of itself and the kernel (Akka's <c>IActorContext</c>). Use it only from the actor's own handlers.</summary>
public interface IActorContext
{
    /// <summary>The actor's own ref.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled (dead letters when there is none). Copy it before an <c>await</c> if you hand it elsewhere.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The actor system.</summary>
    ActorSystem System { get; }

    /// <summary>The props the actor was created with.</summary>
    Props Props { get; }

    /// <summary>The current receive timeout, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>Creates a child; a <c>null</c> name generates one (<c>$a</c>, <c>$b</c>, …).</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or a live sibling already has it.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child named <paramref name="name"/>, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>The live children.</summary>
    IEnumerable<IActorRef> GetChildren();

    /// <summary>Stops <paramref name="actor"/> (a child or the actor itself) after its current message.</summary>
    void Stop(IActorRef actor);

    /// <summary>Sends a <see cref="Terminated"/> to this actor when <paramref name="subject"/> stops (also when it has already stopped).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a <see cref="Terminated"/> already queued for <paramref name="subject"/> is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Sends <see cref="Kernel.ReceiveTimeout"/> after <paramref name="timeout"/> without a message (sliding); <c>null</c> turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>A logger whose events carry this actor's path.</summary>
    ILoggingAdapter GetLogger();
}
