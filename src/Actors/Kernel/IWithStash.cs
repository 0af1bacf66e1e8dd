namespace Weir.Actors.Kernel;

/// <summary>
/// Implement on an actor to get a stash; the kernel sets <see cref="Stash"/> when it creates the instance. On
/// restart the stash goes back to the mailbox (the next incarnation gets it first, in order); on stop it goes
/// to dead letters. The capacity comes from the mailbox definition's <c>StashCapacity</c>.
/// </summary>
public interface IWithStash
{
    /// <summary>The stash (set by the kernel).</summary>
    IStash Stash { get; set; }
}
