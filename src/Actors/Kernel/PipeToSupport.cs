namespace Weir.Actors.Kernel;

/// <summary>Sends a task's outcome to an actor (Akka's <c>PipeTo</c>).</summary>
public static class PipeToSupport
{
    /// <summary>When <paramref name="task"/> completes, tells <paramref name="recipient"/> its result (or <paramref name="success"/> of it), or a <see cref="Status.Failure"/> (or <paramref name="failure"/> of the exception).</summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        sender ??= ActorCell.CurrentSelfOrNoSender();
        return task.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    object? value = success is null ? t.Result : success(t.Result);
                    if (value is not null)
                    {
                        recipient.Tell(value, sender);
                    }
                }
                else
                {
                    Exception e = t.Exception?.InnerExceptions.Count == 1 ? t.Exception.InnerException! : t.Exception ?? (Exception)new TaskCanceledException(t);
                    recipient.Tell(failure is null ? new Status.Failure(e) : failure(e), sender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>When <paramref name="task"/> completes, tells <paramref name="recipient"/> <see cref="Status.Success"/> or <see cref="Status.Failure"/>.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        sender ??= ActorCell.CurrentSelfOrNoSender();
        return task.ContinueWith(
            t => recipient.Tell(t.IsCompletedSuccessfully ? new Status.Success(null) : new Status.Failure(t.Exception?.InnerException ?? new TaskCanceledException(t)), sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
