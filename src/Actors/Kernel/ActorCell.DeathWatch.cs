namespace Weir.Actors.Kernel;

/// <summary>DeathWatch: who this actor watches, who watches it, and which Terminated messages are queued.</summary>
internal sealed partial class ActorCell
{
    private HashSet<IActorRef>? _watching;
    private HashSet<IActorRef>? _watchedBy;
    private HashSet<IActorRef>? _terminatedQueued;

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Equals(SelfRef) || subject is not InternalActorRef target)
        {
            return subject;
        }

        _watching ??= [];
        if (_watching.Add(subject))
        {
            target.SendSystemMessage(new Watch(subject, SelfRef));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject is InternalActorRef target && _watching is not null && _watching.Remove(subject))
        {
            target.SendSystemMessage(new Unwatch(subject, SelfRef));
        }

        _terminatedQueued?.Remove(subject);
        return subject;
    }

    private void AddWatch(Watch watch)
    {
        if (watch.Watchee.Equals(SelfRef) && !watch.Watcher.Equals(SelfRef))
        {
            if (_state == CellState.Terminated)
            {
                ((InternalActorRef)watch.Watcher).SendSystemMessage(new DeathWatchNotification(SelfRef, existenceConfirmed: true));
                return;
            }

            _watchedBy ??= [];
            _watchedBy.Add(watch.Watcher);
        }
    }

    private void RemoveWatch(Unwatch unwatch)
    {
        if (unwatch.Watchee.Equals(SelfRef))
        {
            _watchedBy?.Remove(unwatch.Watcher);
        }
    }

    private void WatchedActorTerminated(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching is not null && _watching.Remove(actor) && _state < CellState.Terminating)
        {
            // Terminated goes through the user queue, after what the actor already has; Unwatch can still drop it.
            _terminatedQueued ??= [];
            _terminatedQueued.Add(actor);
            SelfRef.Tell(new Terminated(actor, notification.ExistenceConfirmed, AddressTerminated: false), actor);
        }

        if (FindChild(actor) is not null || IsDying(actor))
        {
            ChildTerminated(actor);
        }
    }

    private void ReceivedTerminated(Terminated terminated)
    {
        if (_terminatedQueued is null || !_terminatedQueued.Remove(terminated.ActorRef))
        {
            return;
        }

        ReceiveMessage(terminated);
    }

    private void TellWatchersWeDied()
    {
        // The parent first: once a watcher has seen Terminated, the parent's notification is already queued, and
        // system messages go before user messages, so a request to reuse the name sees it free.
        ParentRef.SendSystemMessage(new DeathWatchNotification(SelfRef, existenceConfirmed: true));
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                if (!watcher.Equals(ParentRef))
                {
                    ((InternalActorRef)watcher).SendSystemMessage(new DeathWatchNotification(SelfRef, existenceConfirmed: true));
                }
            }

            _watchedBy = null;
        }
    }

    private void UnwatchWatchedActors()
    {
        if (_watching is not null)
        {
            foreach (var watchee in _watching)
            {
                ((InternalActorRef)watchee).SendSystemMessage(new Unwatch(watchee, SelfRef));
            }

            _watching = null;
        }

        _terminatedQueued = null;
    }
}
