namespace Weir.Actors.Persistence;

/// <summary>Snapshots of state per persistence id (Akka.Persistence's snapshot store, same table).</summary>
public interface ISnapshotStore
{
    /// <summary>Saves (or replaces) the snapshot taken after event <paramref name="sequenceNr"/>.</summary>
    void Save(string persistenceId, long sequenceNr, string manifest, byte[] payload);

    /// <summary>The snapshot with the highest sequence number, or null.</summary>
    SnapshotEntry? LoadLatest(string persistenceId);
}
