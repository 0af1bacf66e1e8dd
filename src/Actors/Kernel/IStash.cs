namespace Weir.Actors.Kernel;

/// <summary>Messages set aside by an actor to handle later (Akka's <c>IStash</c>). Use from the actor's handlers only.</summary>
public interface IStash
{
    /// <summary>Number of stashed messages.</summary>
    int Count { get; }

    /// <summary>Maximum number of stashed messages; -1 is unbounded.</summary>
    int Capacity { get; }

    /// <summary>Stashes the current message with its sender.</summary>
    /// <exception cref="IllegalActorStateException">The current message is already stashed.</exception>
    /// <exception cref="StashOverflowException">The stash is full.</exception>
    void Stash();

    /// <summary>Puts the oldest stashed message at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message at the front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    /// <summary>Drops the stashed messages and returns them.</summary>
    IReadOnlyList<Envelope> ClearStash();
}
