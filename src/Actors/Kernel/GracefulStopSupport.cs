namespace Weir.Actors.Kernel;

/// <summary>Stops an actor and waits until it has stopped (Akka's <c>GracefulStop</c>).</summary>
public static class GracefulStopSupport
{
    /// <summary>
    /// Sends <see cref="PoisonPill"/> (or <paramref name="stopMessage"/>) and completes with true after the
    /// actor's <c>PostStop</c> has run; faults with <see cref="AskTimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object? stopMessage = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is not InternalActorRef internalTarget)
        {
            throw new ArgumentException($"Cannot stop {target}: not a kernel ref.", nameof(target));
        }

        var system = Futures.SystemOf(target);
        var promise = new PromiseActorRef(system);
        var cancelTimeout = new Cancelable();
        system.Scheduler.Advanced.ScheduleOnce(timeout, () => promise.TryFail(new AskTimeoutException($"{target} did not stop within {timeout}.")), cancelTimeout);
        internalTarget.SendSystemMessage(new Watch(target, promise));
        target.Tell(stopMessage ?? PoisonPill.Instance, null);
        try
        {
            var result = await promise.Result.ConfigureAwait(false);
            return result is Terminated t && t.ActorRef.Equals(target);
        }
        catch (AskTimeoutException)
        {
            internalTarget.SendSystemMessage(new Unwatch(target, promise));
            throw;
        }
        finally
        {
            cancelTimeout.Cancel();
        }
    }
}
