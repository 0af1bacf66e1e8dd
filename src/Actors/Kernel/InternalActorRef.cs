namespace Weir.Actors.Kernel;

/// <summary>The kernel's side of a ref: system messages, stop and liveness. Equality is path plus UID.</summary>
internal abstract class InternalActorRef : IActorRef
{
    protected InternalActorRef(ActorPath path, int uid)
    {
        Path = path;
        Uid = uid;
    }

    public ActorPath Path { get; }

    /// <summary>The incarnation id; 0 for refs that have no incarnation (dead letters, nobody).</summary>
    public int Uid { get; }

    public abstract bool IsTerminated { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public abstract void SendSystemMessage(SystemMessage message);

    public virtual void Stop()
    {
    }

    public bool Equals(IActorRef? other) =>
        other is InternalActorRef o && Uid == o.Uid && Path.Equals(o.Path);

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Path, Uid);

    public override string ToString() => $"[{Path.ToStringWithUid(Uid)}]";
}
