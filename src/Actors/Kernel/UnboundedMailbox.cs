namespace Weir.Actors.Kernel;

/// <summary>The default mailbox: an unbounded multi-producer, single-consumer FIFO queue.</summary>
/// <param name="StashCapacity">How many messages an <see cref="IWithStash"/> actor may stash; -1 is unbounded.</param>
public sealed record UnboundedMailbox(int StashCapacity = -1) : MailboxDefinition(StashCapacity);
