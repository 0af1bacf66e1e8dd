namespace Weir.Actors.Kernel;

/// <summary>
/// One dedicated thread for one actor (<c>Props.WithDispatcher("pinned")</c>). The thread alternates mailbox
/// turns with the loop step of a <see cref="PinnedLoopActor"/> while its loop runs, and sleeps otherwise.
/// </summary>
internal sealed class PinnedDispatcher : MessageDispatcher
{
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly Thread _thread;
    private Mailbox? _mailbox;
    private int _pending;
    private volatile bool _detached;

    public PinnedDispatcher(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public override void Attach(Mailbox mailbox)
    {
        _mailbox = mailbox;
        _thread.UnsafeStart();
    }

    public override void Schedule(Mailbox mailbox)
    {
        Volatile.Write(ref _pending, 1);
        _signal.Set();
    }

    public override void Detach()
    {
        _detached = true;
        _signal.Set();
    }

    private void Run()
    {
        var mailbox = _mailbox!;
        while (!_detached)
        {
            _signal.Reset();
            if (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                mailbox.Execute();
            }

            // One loop batch per mailbox turn: neither starves the other.
            bool ran = !_detached && mailbox.Cell.RunLoopStepIfActive();
            if (!ran && Volatile.Read(ref _pending) == 0 && !_detached)
            {
                _signal.Wait();
            }
        }

        // The event is not disposed: a sender that raced with termination may still Set it.
    }
}
