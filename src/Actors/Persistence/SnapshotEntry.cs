namespace Weir.Actors.Persistence;

/// <summary>A saved snapshot: the state after the event with <paramref name="SequenceNr"/>.</summary>
/// <param name="PersistenceId">Whose state it is.</param>
/// <param name="SequenceNr">The sequence number of the last event the snapshot includes.</param>
/// <param name="Created">When it was saved (UTC).</param>
/// <param name="Manifest">What kind of state the payload is.</param>
/// <param name="Payload">The serialized state.</param>
public sealed record SnapshotEntry(string PersistenceId, long SequenceNr, DateTimeOffset Created, string Manifest, byte[] Payload);
