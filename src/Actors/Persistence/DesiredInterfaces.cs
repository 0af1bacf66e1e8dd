using System.Text;

namespace Weir.Actors.Persistence;

/// <summary>
/// The operator's desired interface configuration (enabled or disabled through the shell or API), event-sourced
/// under persistence id <see cref="PersistenceId"/> so it survives a restart with the same command line. Events
/// are <c>enabled</c>/<c>disabled</c> with the interface name as payload; a snapshot is saved every
/// <see cref="SnapshotEvery"/> events so recovery stays short. Thread-safe.
/// </summary>
public sealed class DesiredInterfaces
{
    /// <summary>The persistence id of the interface configuration.</summary>
    public const string PersistenceId = "weir-desired-interfaces";

    /// <summary>Events between snapshots.</summary>
    public const int SnapshotEvery = 100;

    private const string EnabledManifest = "enabled";
    private const string DisabledManifest = "disabled";
    private const string SnapshotManifest = "desired-interfaces-v1";

    private readonly object _lock = new();
    private readonly IJournal _journal;
    private readonly ISnapshotStore _snapshots;
    private readonly SortedDictionary<string, bool> _state = new(StringComparer.Ordinal);
    private readonly string _persistenceId;
    private long _sequenceNr;

    private DesiredInterfaces(IJournal journal, ISnapshotStore snapshots, string persistenceId)
    {
        _journal = journal;
        _snapshots = snapshots;
        _persistenceId = persistenceId;
    }

    /// <summary>Sequence number of the last event applied.</summary>
    public long LastSequenceNr
    {
        get
        {
            lock (_lock)
            {
                return _sequenceNr;
            }
        }
    }

    /// <summary>Recovers the state: the latest snapshot, then the events after it.</summary>
    /// <param name="journal">Where the events are.</param>
    /// <param name="snapshots">Where the snapshots are.</param>
    /// <param name="persistenceId">The persistence id (default <see cref="PersistenceId"/>; tests use their own).</param>
    public static DesiredInterfaces Recover(IJournal journal, ISnapshotStore snapshots, string persistenceId = PersistenceId)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshots);
        var d = new DesiredInterfaces(journal, snapshots, persistenceId);
        if (snapshots.LoadLatest(persistenceId) is { } snapshot)
        {
            foreach (string line in Encoding.UTF8.GetString(snapshot.Payload).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                d._state[line[2..]] = line[0] == '+';
            }

            d._sequenceNr = snapshot.SequenceNr;
        }

        foreach (var e in journal.Replay(persistenceId, d._sequenceNr + 1))
        {
            d.Apply(e.Manifest, Encoding.UTF8.GetString(e.Payload));
            d._sequenceNr = e.SequenceNr;
        }

        return d;
    }

    /// <summary>Interfaces the operator set explicitly, with whether each is enabled.</summary>
    public IReadOnlyDictionary<string, bool> Overrides
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, bool>(_state, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// The interfaces to capture: <paramref name="configured"/> minus those disabled, plus those enabled, sorted.
    /// </summary>
    public IReadOnlyList<string> Effective(IEnumerable<string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        lock (_lock)
        {
            var set = new SortedSet<string>(configured, StringComparer.Ordinal);
            foreach (var (name, enabled) in _state)
            {
                if (enabled)
                {
                    set.Add(name);
                }
                else
                {
                    set.Remove(name);
                }
            }

            return [.. set];
        }
    }

    /// <summary>Persists that <paramref name="iface"/> is enabled or disabled (no event when nothing changes).</summary>
    public void Set(string iface, bool enabled)
    {
        ArgumentException.ThrowIfNullOrEmpty(iface);
        lock (_lock)
        {
            if (_state.TryGetValue(iface, out bool current) && current == enabled)
            {
                return;
            }

            string manifest = enabled ? EnabledManifest : DisabledManifest;
            _sequenceNr = _journal.Append(_persistenceId, [(manifest, Encoding.UTF8.GetBytes(iface))]);
            Apply(manifest, iface);
            if (_sequenceNr % SnapshotEvery == 0)
            {
                var sb = new StringBuilder();
                foreach (var (name, on) in _state)
                {
                    sb.Append(on ? '+' : '-').Append(' ').Append(name).Append('\n');
                }

                _snapshots.Save(_persistenceId, _sequenceNr, SnapshotManifest, Encoding.UTF8.GetBytes(sb.ToString()));
            }
        }
    }

    private void Apply(string manifest, string iface) => _state[iface] = manifest == EnabledManifest;
}
