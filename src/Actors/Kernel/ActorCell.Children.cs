namespace Weir.Actors.Kernel;

/// <summary>Children: names are unique among live siblings until the parent has seen the child's termination.</summary>
internal sealed partial class ActorCell
{
    private readonly object _childrenLock = new();
    private readonly Dictionary<string, ChildRestartStats> _children = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _toDie = [];
    private long _nextName;
    private Exception? _pendingRecreate;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = RandomName();
        }
        else if (!ActorPath.IsValidName(name))
        {
            throw new InvalidActorNameException(
                $"Invalid actor name [{name}]: use ASCII letters, digits, -_.*$+:@&=,!~';() and %xx, not starting with $ (see ActorPath.EscapeName).");
        }

        ActorCell child;
        lock (_childrenLock)
        {
            if (_state >= CellState.Terminating)
            {
                throw new InvalidOperationException($"Cannot create child [{name}]: {SelfRef.Path} is terminating.");
            }

            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is not unique under {SelfRef.Path}: a sibling with this name is alive or not yet terminated.");
            }

            child = new ActorCell(System, props, SelfRef.Path / name, SelfRef, this);
            _children[name] = new ChildRestartStats(child.SelfRef);
        }

        child.Start();
        return child.SelfRef;
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(name, out var stats) && !_toDie.Contains(stats.Child) ? stats.Child : ActorRefs.Nobody;
        }
    }

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (_childrenLock)
        {
            return _children.Values.Where(c => !_toDie.Contains(c.Child)).Select(c => (IActorRef)c.Child).ToArray();
        }
    }

    /// <summary>All child entries, dying ones included (for the supervisor strategy).</summary>
    public IReadOnlyList<ChildRestartStats> ChildStats()
    {
        lock (_childrenLock)
        {
            return _children.Values.Where(c => !_toDie.Contains(c.Child)).ToArray();
        }
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is InternalActorRef internalRef)
        {
            internalRef.Stop();
        }
    }

    /// <summary>Marks a child as dying: its name stays taken until its termination is processed.</summary>
    public void MarkChildDying(IActorRef child)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
            {
                _toDie.Add(child);
            }
        }
    }

    private ChildRestartStats? FindChild(IActorRef child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child) ? stats : null;
        }
    }

    private bool IsDying(IActorRef child)
    {
        lock (_childrenLock)
        {
            return _toDie.Contains(child);
        }
    }

    private bool HasDyingChildren()
    {
        lock (_childrenLock)
        {
            return _toDie.Count > 0;
        }
    }

    private void SuspendChildren(IActorRef? except = null)
    {
        foreach (var stats in ChildStats())
        {
            if (!stats.Child.Equals(except))
            {
                stats.Child.SendSystemMessage(Kernel.Suspend.Instance);
            }
        }
    }

    private void ResumeChildren()
    {
        foreach (var stats in ChildStats())
        {
            stats.Child.SendSystemMessage(new Resume(causedByFailure: false));
        }
    }

    /// <summary>A child has terminated: free its name, then finish a pending stop or restart of this actor.</summary>
    private void ChildTerminated(IActorRef child)
    {
        bool lastDying;
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
            {
                _children.Remove(child.Path.Name);
            }

            _toDie.Remove(child);
            lastDying = _toDie.Count == 0;
        }

        if (!lastDying)
        {
            return;
        }

        if (_state == CellState.Terminating)
        {
            lock (_childrenLock)
            {
                if (_children.Count > 0)
                {
                    return;
                }
            }

            FinishTerminate();
        }
        else if (_pendingRecreate is { } cause)
        {
            _pendingRecreate = null;
            FinishRecreate(cause);
        }
    }

    private string RandomName()
    {
        long n = Interlocked.Increment(ref _nextName) - 1;
        Span<char> buffer = stackalloc char[16];
        int i = buffer.Length;
        do
        {
            buffer[--i] = (char)('a' + (n % 26));
            n /= 26;
        }
        while (n > 0);
        return "$" + new string(buffer[i..]);
    }
}
