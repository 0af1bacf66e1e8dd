namespace Weir.Actors.Kernel;

/// <summary>
/// An actor that owns a blocking loop (a capture loop) on its own dedicated thread and still handles its
/// mailbox between batches. Its props get the pinned dispatcher automatically.
/// <para>
/// While the loop runs (<see cref="StartLoop"/> … <see cref="StopLoop"/>), the thread alternates one mailbox
/// turn (up to <c>throughput</c> messages, system messages first) with one call of <see cref="RunLoopOnce"/>.
/// Both run on the same thread, never at the same time, so the actor's state needs no locks. Keep a batch
/// short — block at most a poll timeout of about 100 ms — since messages wait for the batch to end;
/// <see cref="HasPendingMessages"/> lets a batch end early. A throw from <see cref="RunLoopOnce"/> fails the actor
/// like a throw from a handler; after a restart the loop is stopped until the new instance starts it (usually in
/// <see cref="ActorBase.PreStart"/>). Stopping the actor stops the loop.
/// </para>
/// </summary>
public abstract class PinnedLoopActor : ReceiveActor
{
    /// <summary>Whether the loop is running.</summary>
    protected bool IsLoopRunning => Cell.LoopActive;

    /// <summary>Whether messages are waiting, so that a long batch can return early.</summary>
    protected bool HasPendingMessages => Cell.Mailbox.HasMessages || Cell.Mailbox.HasSystemMessages;

    /// <summary>Starts calling <see cref="RunLoopOnce"/> between mailbox turns.</summary>
    protected void StartLoop() => Cell.LoopActive = true;

    /// <summary>Stops calling <see cref="RunLoopOnce"/>; the actor keeps handling messages.</summary>
    protected void StopLoop() => Cell.LoopActive = false;

    /// <summary>One batch of the loop (for example one <c>ICaptureSource.ReadBatch</c>).</summary>
    protected internal abstract void RunLoopOnce();
}
