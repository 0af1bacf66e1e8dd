namespace Weir.Actors.Kernel;

/// <summary>
/// Failure, restart and stop, as in Akka's <c>ActorCell.FaultHandling</c>: a failing actor suspends itself
/// and its children and asks its parent; a restart keeps the mailbox, drops the failing message and builds a
/// new instance from the props; a stop waits for the children, calls <c>PostStop</c>, and tells the watchers.
/// </summary>
internal sealed partial class ActorCell
{
    private bool _failed;
    private object? _failedMessage;

    /// <summary>The actor threw: suspend, keep the failing message for <c>PreRestart</c>, and ask the parent.</summary>
    public void HandleInvokeFailure(Exception cause)
    {
        if (_state >= CellState.Terminating)
        {
            GetLogger().Error(cause, "Exception while terminating: {0}", cause.Message);
            return;
        }

        if (_failed)
        {
            return;
        }

        _failed = true;
        _failedMessage = _current.Message;
        Mailbox.Suspend();
        SuspendChildren();
        ParentRef.SendSystemMessage(new Failed(SelfRef, cause, SelfRef.Uid));
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        SuspendChildren();
    }

    private void FaultResume(bool causedByFailure)
    {
        if (_actor is null && causedByFailure)
        {
            // Resuming an actor whose creation failed means creating it again.
            FaultCreate();
            return;
        }

        if (causedByFailure)
        {
            _failed = false;
            _failedMessage = null;
        }

        Mailbox.Resume();
        ResumeChildren();
    }

    private void FaultCreate()
    {
        _failed = false;
        _failedMessage = null;
        CreateActor();
        Mailbox.Resume();
    }

    private void FaultRecreate(Exception cause)
    {
        if (_state >= CellState.Terminating)
        {
            return;
        }

        if (_actor is null)
        {
            FaultCreate();
            return;
        }

        var failed = _actor;
        var message = _failedMessage;
        CancelTimersAndTimeouts();
        CancelAsyncPending();
        try
        {
            failed.AroundPreRestart(cause, message);
        }
#pragma warning disable CA1031 // A throwing PreRestart is logged; the restart goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            GetLogger().Error(e, "PreRestart failed: {0}", e.Message);
        }

        _actor = null;
        LoopActive = false;
        if (HasDyingChildren())
        {
            _pendingRecreate = cause;
        }
        else
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        var survivors = ChildStats();
        _failed = false;
        _failedMessage = null;
        Exception? failure = null;
        try
        {
            _actor = NewActor();
            _actor.AroundPostRestart(cause);
        }
#pragma warning disable CA1031 // A failing constructor or PostRestart fails the new incarnation.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = new ActorInitializationException(SelfRef, $"Exception during restart of {SelfRef.Path}: {e.Message}", e);
        }

        Mailbox.Resume();
        foreach (var child in survivors)
        {
            // Children that PreRestart did not stop are restarted in place.
            child.Child.SendSystemMessage(new Recreate(cause));
        }

        if (failure is not null)
        {
            HandleInvokeFailure(failure);
        }
    }

    private void CancelTimersAndTimeouts()
    {
        Timers?.CancelAll();
        Timers = null;
        CancelReceiveTimeout();
    }

    private void TerminateCell()
    {
        if (_state >= CellState.Terminating)
        {
            return;
        }

        CancelTimersAndTimeouts();
        CancelAsyncPending();
        LoopActive = false;
        ChildRestartStats[] children;
        lock (_childrenLock)
        {
            _state = CellState.Terminating;
            children = [.. _children.Values];
            foreach (var stats in children)
            {
                _toDie.Add(stats.Child);
            }
        }

        if (children.Length > 0)
        {
            // No more user messages: the children stop first (leaves up), then this actor.
            Mailbox.Suspend();
            foreach (var stats in children)
            {
                stats.Child.SendSystemMessage(Kernel.Terminate.Instance);
            }
        }
        else
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        try
        {
            if (actor is not null)
            {
                var previous = t_current;
                t_current = this;
                try
                {
                    actor.AroundPostStop();
                }
                finally
                {
                    t_current = previous;
                }
            }
        }
#pragma warning disable CA1031 // A throwing PostStop is logged; the stop goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            GetLogger().Error(e, "PostStop failed: {0}", e.Message);
        }
        finally
        {
            _actor = null;
            _state = CellState.Terminated;
            Mailbox.Close();
            DrainToDeadLetters();
            TellWatchersWeDied();
            UnwatchWatchedActors();
            System.EventStream.Unsubscribe(SelfRef);
            HandleSystemMessageAfterClose();
            Dispatcher.Detach();
        }
    }

    /// <summary>A child failed: ask the strategy, with the child as <c>Sender</c> inside the decider.</summary>
    private void HandleFailed(Failed failed)
    {
        var stats = FindChild(failed.Child);
        if (stats is null || stats.Child.Uid != failed.Uid || IsDying(failed.Child))
        {
            return;
        }

        var strategy = _actor?.SupervisorStrategyInternal ?? Props.SupervisorStrategy ?? SupervisorStrategy.DefaultStrategy;
        var saved = _current;
        _current = new Envelope(failed, failed.Child);
        Directive directive;
        try
        {
            directive = strategy.Decide(failed.Cause);
        }
        finally
        {
            _current = saved;
        }

        if (directive != Directive.Escalate && strategy.LoggingEnabled)
        {
            LogFailure(failed, directive);
        }

        if (directive == Directive.Escalate)
        {
            HandleInvokeFailure(failed.Cause);
            return;
        }

        strategy.ProcessFailure(this, directive, stats, failed.Cause, ChildStats());
    }

    private void LogFailure(Failed failed, Directive directive)
    {
        var cause = failed.Cause;
        var log = new BusLogging(System, failed.Child.Path.ToString(), Props.Type);
        string what = directive switch
        {
            Directive.Resume => "resumed",
            Directive.Restart => "restarted",
            _ => "stopped",
        };
        log.Error(cause, "{0} ({1}: {2})", cause.Message, what, cause.GetType().Name);
    }

    /// <summary>Restarts a child; a sibling that did not fail is suspended first (all-for-one).</summary>
    public void RestartChild(ChildRestartStats child, Exception cause, bool suspendFirst)
    {
        if (suspendFirst)
        {
            child.Child.SendSystemMessage(Kernel.Suspend.Instance);
        }

        child.Child.SendSystemMessage(new Recreate(cause));
    }

    public void ResumeChild(ChildRestartStats child) => child.Child.SendSystemMessage(new Resume(causedByFailure: true));

    public void StopChild(ChildRestartStats child) => child.Child.Stop();
}
