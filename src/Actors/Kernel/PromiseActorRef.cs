namespace Weir.Actors.Kernel;

/// <summary>
/// A one-shot ref under <c>/temp</c> that completes a task with the first message it gets (ask, graceful
/// stop). Anything after that — a late reply — goes to dead letters.
/// </summary>
internal sealed class PromiseActorRef : MinimalActorRef
{
    private static long s_next;
    private readonly ActorSystem _system;
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PromiseActorRef(ActorSystem system)
        : base(system.TempPath / NextName(), ActorCell.NewUid())
    {
        _system = system;
    }

    public Task<object> Result => _promise.Task;

    public override bool IsTerminated => _promise.Task.IsCompleted;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_promise.TrySetResult(message))
        {
            _system.DeadLettersRef.Tell(new DeadLetter(message, sender ?? _system.DeadLetters, this), sender);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification n)
        {
            _promise.TrySetResult(new Terminated(n.Actor, n.ExistenceConfirmed, AddressTerminated: false));
        }
    }

    public bool TryFail(Exception e) => _promise.TrySetException(e);

    public bool TryCancel(CancellationToken token) => _promise.TrySetCanceled(token);

    private static string NextName()
    {
        long n = Interlocked.Increment(ref s_next);
        return "$" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
