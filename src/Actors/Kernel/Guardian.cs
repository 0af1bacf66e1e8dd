namespace Weir.Actors.Kernel;

/// <summary>The actor behind <c>/user</c>, <c>/system</c> and the root: it only supervises.</summary>
internal sealed class Guardian(SupervisorStrategy strategy) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is Terminated)
        {
            return;
        }

        Unhandled(message);
    }

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}
