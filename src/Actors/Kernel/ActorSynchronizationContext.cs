namespace Weir.Actors.Kernel;

/// <summary>
/// Runs the continuations of a <c>ReceiveAsync</c> handler as that actor: the mailbox is suspended meanwhile,
/// so they never run concurrently with another message, and <c>Tell</c> inside them has <c>Self</c> as sender.
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    private readonly ActorCell _cell = cell;

    public override void Post(SendOrPostCallback d, object? state) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Self.RunAsActor(s.D, s.State), (Self: this, D: d, State: state), preferLocal: false);

    public override void Send(SendOrPostCallback d, object? state) => RunAsActor(d, state);

    public override SynchronizationContext CreateCopy() => this;

    private void RunAsActor(SendOrPostCallback d, object? state)
    {
        var previousContext = Current;
        SetSynchronizationContext(this);
        using (ActorCell.EnterAsActor(_cell))
        {
            try
            {
                d(state);
            }
            finally
            {
                SetSynchronizationContext(previousContext);
            }
        }
    }
}
