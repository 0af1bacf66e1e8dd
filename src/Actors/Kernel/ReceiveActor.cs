namespace Weir.Actors.Kernel;

/// <summary>
/// An actor whose behaviour is a list of typed handlers declared in its constructor (Akka's <c>ReceiveActor</c>).
/// The first handler whose type and predicate match wins; no match calls <see cref="ActorBase.Unhandled"/>.
/// <see cref="Become"/> swaps the list, <see cref="BecomeStacked"/>/<see cref="UnbecomeStacked"/> push and pop;
/// a restart builds a new instance, so it starts again with the constructor's behaviour.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly List<List<ReceiveHandler>> _behaviours = [[]];
    private List<ReceiveHandler>? _configuring;

    /// <summary>Starts configuring the initial behaviour.</summary>
    protected ReceiveActor()
    {
        _configuring = _behaviours[0];
    }

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => Add(new ReceiveHandler<T>(null, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Add(new ReceiveHandler<T>(shouldHandle, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T> shouldHandle) => Receive(shouldHandle, handler);

    /// <summary>
    /// Handles <typeparamref name="T"/> asynchronously: the actor processes no other message until the task
    /// completes (not reentrant); <c>Self</c>, <c>Sender</c> and <c>Context</c> stay valid across <c>await</c>.
    /// A faulted task fails the actor like a throw.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new AsyncReceiveHandler<T>(shouldHandle, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>Handles <typeparamref name="T"/> satisfying <paramref name="shouldHandle"/> asynchronously (see <see cref="ReceiveAsync{T}(Func{T, Task}, Predicate{T}?)"/>).</summary>
    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) => ReceiveAsync(handler, shouldHandle);

    /// <summary>Handles every message (declare it last).</summary>
    protected void ReceiveAny(Action<object> handler) => Receive<object>(handler);

    /// <summary>Handles every message asynchronously (declare it last).</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) => ReceiveAsync<object>(handler);

    /// <summary>Replaces the current behaviour by the handlers that <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _behaviours[^1] = Build(configure);
    }

    /// <summary>Pushes the handlers that <paramref name="configure"/> declares; <see cref="UnbecomeStacked"/> returns to the previous ones.</summary>
    protected void BecomeStacked(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _behaviours.Add(Build(configure));
    }

    /// <summary>Pops the behaviour pushed by <see cref="BecomeStacked"/> (the initial behaviour is never popped).</summary>
    protected void UnbecomeStacked()
    {
        if (_behaviours.Count > 1)
        {
            _behaviours.RemoveAt(_behaviours.Count - 1);
        }
    }

    /// <inheritdoc/>
    protected internal sealed override bool Receive(object message)
    {
        _configuring = null;
        var handlers = _behaviours[^1];
        var cell = Cell;
        for (int i = 0; i < handlers.Count; i++)
        {
            if (handlers[i].TryHandle(cell, message))
            {
                return true;
            }
        }

        return false;
    }

    private List<ReceiveHandler> Build(Action configure)
    {
        var previous = _configuring;
        var handlers = new List<ReceiveHandler>();
        _configuring = handlers;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }

        return handlers;
    }

    private void Add(ReceiveHandler handler)
    {
        if (_configuring is null)
        {
            throw new InvalidOperationException("Receive handlers can only be declared in the constructor or inside Become/BecomeStacked.");
        }

        _configuring.Add(handler);
    }
}
