namespace Weir.Actors.Kernel;

/// <summary>
/// A named mailbox kind from <see cref="ActorSystemSettings.Mailboxes"/>, selected with
/// <see cref="Props.WithMailbox(string)"/>.
/// </summary>
/// <param name="StashCapacity">How many messages an <see cref="IWithStash"/> actor may stash; -1 is unbounded.</param>
public abstract record MailboxDefinition(int StashCapacity = -1);
