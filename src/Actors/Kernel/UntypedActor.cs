namespace Weir.Actors.Kernel;

/// <summary>An actor with a single <see cref="OnReceive"/> method (Akka's <c>UntypedActor</c>); call <see cref="ActorBase.Unhandled"/> for what it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles one message.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc/>
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
