namespace Weir.Actors.Persistence;

/// <summary>An append-only event log per persistence id (Akka.Persistence's journal, same table).</summary>
public interface IJournal
{
    /// <summary>The highest sequence number ever written for <paramref name="persistenceId"/>, deleted events included (0: none).</summary>
    long HighestSequenceNr(string persistenceId);

    /// <summary>
    /// Appends events with the sequence numbers after <see cref="HighestSequenceNr"/>, atomically; returns the last one.
    /// Two writers racing for a number make one of them fail with <see cref="PersistenceException"/> (unique key).
    /// </summary>
    long Append(string persistenceId, IReadOnlyList<(string Manifest, byte[] Payload)> events);

    /// <summary>The events with a sequence number at or after <paramref name="fromSequenceNr"/>, in order, deleted ones skipped.</summary>
    IReadOnlyList<JournalEntry> Replay(string persistenceId, long fromSequenceNr);

    /// <summary>Marks the events up to <paramref name="toSequenceNr"/> deleted; their numbers stay taken.</summary>
    void Delete(string persistenceId, long toSequenceNr);
}
