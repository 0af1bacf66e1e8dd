namespace Weir.Actors.Persistence;

/// <summary>One event read back from the journal.</summary>
/// <param name="PersistenceId">Whose event it is.</param>
/// <param name="SequenceNr">Its sequence number (1, 2, 3 … per persistence id; never reused).</param>
/// <param name="Created">When it was written (UTC).</param>
/// <param name="Manifest">What kind of event the payload is.</param>
/// <param name="Payload">The serialized event.</param>
public sealed record JournalEntry(string PersistenceId, long SequenceNr, DateTimeOffset Created, string Manifest, byte[] Payload);
