namespace Weir.Actors.Persistence;

/// <summary>
/// How far writeout got per interface: the end of the last interval written to the flow database, journaled under
/// <c>weir-writeout-IFACE</c> (8-byte UTC ticks per event), so a restarted host knows what is already stored.
/// </summary>
public sealed class WriteoutProgress
{
    private const string Manifest = "written-until";
    private readonly IJournal _journal;

    /// <summary>Creates the tracker over <paramref name="journal"/>.</summary>
    public WriteoutProgress(IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _journal = journal;
    }

    /// <summary>The persistence id for <paramref name="iface"/>.</summary>
    public static string PersistenceId(string iface) => "weir-writeout-" + iface;

    /// <summary>Records that everything before <paramref name="end"/> on <paramref name="iface"/> is written.</summary>
    public void RecordWritten(string iface, DateTimeOffset end)
    {
        var payload = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload, end.UtcTicks);
        _journal.Append(PersistenceId(iface), [(Manifest, payload)]);
    }

    /// <summary>The end of the last interval written on <paramref name="iface"/>, or null when none was.</summary>
    public DateTimeOffset? LastWritten(string iface)
    {
        string pid = PersistenceId(iface);
        long highest = _journal.HighestSequenceNr(pid);
        if (highest == 0)
        {
            return null;
        }

        var last = _journal.Replay(pid, highest);
        return last.Count == 0
            ? null
            : new DateTimeOffset(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(last[^1].Payload), TimeSpan.Zero);
    }
}
