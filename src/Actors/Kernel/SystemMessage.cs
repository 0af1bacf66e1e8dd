namespace Weir.Actors.Kernel;

/// <summary>
/// Messages of the kernel itself (create, watch, failure, stop). They travel in a queue of their own that the
/// mailbox drains before every user message, so they are unordered relative to user messages.
/// </summary>
internal abstract class SystemMessage;

/// <summary>Create the actor instance (first message of every cell).</summary>
internal sealed class Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

/// <summary>Restart after <see cref="Cause"/> (sent by the supervisor).</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>Stop processing user messages (a parent failed).</summary>
internal sealed class Suspend : SystemMessage
{
    public static Suspend Instance { get; } = new();
}

/// <summary>Undo one <see cref="Suspend"/>; when <see cref="CausedByFailure"/> the actor's own failure is resolved.</summary>
internal sealed class Resume(bool causedByFailure) : SystemMessage
{
    public bool CausedByFailure { get; } = causedByFailure;
}

/// <summary>Stop the actor.</summary>
internal sealed class Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

/// <summary><see cref="Watcher"/> wants a <see cref="Terminated"/> when <see cref="Watchee"/> stops.</summary>
internal sealed class Watch(IActorRef watchee, IActorRef watcher) : SystemMessage
{
    public IActorRef Watchee { get; } = watchee;

    public IActorRef Watcher { get; } = watcher;
}

/// <summary>Undo a <see cref="Watch"/>.</summary>
internal sealed class Unwatch(IActorRef watchee, IActorRef watcher) : SystemMessage
{
    public IActorRef Watchee { get; } = watchee;

    public IActorRef Watcher { get; } = watcher;
}

/// <summary>A watched actor (or a child) has stopped.</summary>
internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public IActorRef Actor { get; } = actor;

    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}

/// <summary>A child failed with <see cref="Cause"/>; it is suspended until the supervisor decides.</summary>
internal sealed class Failed(IActorRef child, Exception cause, int uid) : SystemMessage
{
    public IActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;

    public int Uid { get; } = uid;
}

/// <summary>The task of a <c>ReceiveAsync</c> handler has finished; resume the mailbox.</summary>
internal sealed class AsyncCompleted(Task task, int generation) : SystemMessage
{
    public Task Task { get; } = task;

    public int Generation { get; } = generation;
}
