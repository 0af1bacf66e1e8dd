namespace Weir.Actors.Kernel;

/// <summary>The stash of one actor instance.</summary>
internal sealed class ActorStash(ActorCell cell, int capacity) : IStash
{
    private readonly List<Envelope> _stash = [];

    public int Count => _stash.Count;

    public int Capacity { get; } = capacity;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new IllegalActorStateException("There is no current message to stash.");
        }

        if (_stash.Count > 0 && ReferenceEquals(_stash[^1].Message, current.Message))
        {
            throw new IllegalActorStateException($"Can't stash the same message {current.Message} more than once.");
        }

        if (Capacity >= 0 && _stash.Count >= Capacity)
        {
            throw new StashOverflowException($"Couldn't enqueue message {current.Message} to stash of {cell.Self}: capacity {Capacity} reached.");
        }

        _stash.Add(current);
    }

    public void Unstash()
    {
        if (_stash.Count == 0)
        {
            return;
        }

        var first = _stash[0];
        _stash.RemoveAt(0);
        cell.Mailbox.EnqueueFirst([first]);
    }

    public void UnstashAll()
    {
        if (_stash.Count == 0)
        {
            return;
        }

        cell.Mailbox.EnqueueFirst(_stash.ToArray());
        _stash.Clear();
    }

    public IReadOnlyList<Envelope> ClearStash()
    {
        var all = _stash.ToArray();
        _stash.Clear();
        return all;
    }
}
