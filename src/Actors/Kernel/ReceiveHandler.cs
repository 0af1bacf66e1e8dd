namespace Weir.Actors.Kernel;

/// <summary>One <c>Receive&lt;T&gt;</c> entry of a behaviour: a type test, an optional predicate and the handler.</summary>
internal abstract class ReceiveHandler
{
    public abstract bool TryHandle(ActorCell cell, object message);
}

/// <summary>A synchronous handler for <typeparamref name="T"/>.</summary>
internal sealed class ReceiveHandler<T>(Predicate<T>? predicate, Action<T> handler) : ReceiveHandler
{
    public override bool TryHandle(ActorCell cell, object message)
    {
        if (message is T m && (predicate is null || predicate(m)))
        {
            handler(m);
            return true;
        }

        return false;
    }
}

/// <summary>An asynchronous handler: the actor is suspended until its task completes.</summary>
internal sealed class AsyncReceiveHandler<T>(Predicate<T>? predicate, Func<T, Task> handler) : ReceiveHandler
{
    public override bool TryHandle(ActorCell cell, object message)
    {
        if (message is T m && (predicate is null || predicate(m)))
        {
            cell.RunTask(handler, m);
            return true;
        }

        return false;
    }
}
