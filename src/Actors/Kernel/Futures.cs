namespace Weir.Actors.Kernel;

/// <summary>The ask pattern (Akka's <c>Futures.Ask</c>), through a one-shot ref under <c>/temp</c>.</summary>
public static class Futures
{
    /// <summary>
    /// Sends <paramref name="message"/> and awaits the reply: a <typeparamref name="T"/> is the result,
    /// <see cref="Status.Failure"/> faults with its cause, another type faults with <see cref="ArgumentException"/>,
    /// and no reply by <paramref name="timeout"/> faults with <see cref="AskTimeoutException"/>. A reply after that
    /// goes to dead letters. A throw in the target does not fail the ask (it times out).
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask needs a positive timeout.");
        }

        var system = SystemOf(receiver);
        var promise = new PromiseActorRef(system);
        var cancelTimeout = new Cancelable();
        system.Scheduler.Advanced.ScheduleOnce(
            timeout,
            () => promise.TryFail(new AskTimeoutException($"Ask timed out on {receiver} after {timeout.TotalMilliseconds} ms; message type {message.GetType().Name}.")),
            cancelTimeout);
        await using var registration = cancellationToken.Register(static s => ((PromiseActorRef)s!).TryCancel(CancellationToken.None), promise).ConfigureAwait(false);
        receiver.Tell(message, promise);
        object reply;
        try
        {
            reply = await promise.Result.ConfigureAwait(false);
        }
        finally
        {
            cancelTimeout.Cancel();
        }

        return reply switch
        {
            T result => result,
            Status.Failure failure => throw failure.Cause,
            _ => throw new ArgumentException($"Ask on {receiver} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}: {reply}"),
        };
    }

    /// <summary>Ask with an untyped result.</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        receiver.Ask<object>(message, timeout, cancellationToken);

    internal static ActorSystem SystemOf(IActorRef actorRef) => actorRef switch
    {
        LocalActorRef local => local.Cell.System,
        _ => ActorCell.Current?.System ?? throw new ArgumentException($"Cannot ask {actorRef}: it is not an actor of a local system.", nameof(actorRef)),
    };
}
