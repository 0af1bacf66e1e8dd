using System.Text;
using Weir.Actors.Persistence;
using Weir.Host.Tests.Run;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Persistence;

/// <summary>The journal and snapshot store on SQLite (always) and PostgreSQL (<c>WEIR_PG_TEST</c>, required in CI).</summary>
public sealed class SqlStoreTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public void Journal_AppendReplayDelete_SequenceNumbersNeverReused(string provider)
    {
        using var dir = new TempDir();
        var store = Open(provider, dir);
        string pid = "test-" + Guid.NewGuid().ToString("N");

        Assert.Equal(0, store.HighestSequenceNr(pid));
        Assert.Equal(2, store.Append(pid, [("a", Bytes("one")), ("a", Bytes("two"))]));
        Assert.Equal(3, store.Append(pid, [("b", Bytes("three"))]));
        var fromTwo = store.Replay(pid, 2);
        store.Delete(pid, 3);
        long afterDelete = store.Append(pid, [("c", Bytes("four"))]);

        Assert.Equal(["two", "three"], fromTwo.Select(e => Encoding.UTF8.GetString(e.Payload)));
        Assert.Equal([2L, 3L], fromTwo.Select(e => e.SequenceNr));
        Assert.Equal("b", fromTwo[1].Manifest);
        Assert.Equal(4, afterDelete);
        Assert.Equal([4L], store.Replay(pid, 1).Select(e => e.SequenceNr));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public void Snapshot_SaveTwice_LoadsLatest(string provider)
    {
        using var dir = new TempDir();
        var store = Open(provider, dir);
        string pid = "snap-" + Guid.NewGuid().ToString("N");

        Assert.Null(store.LoadLatest(pid));
        store.Save(pid, 5, "s", Bytes("five"));
        store.Save(pid, 9, "s", Bytes("nine"));
        store.Save(pid, 9, "s", Bytes("nine again"));
        var latest = store.LoadLatest(pid);

        Assert.NotNull(latest);
        Assert.Equal(9, latest.SequenceNr);
        Assert.Equal("nine again", Encoding.UTF8.GetString(latest.Payload));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public void DesiredInterfaces_ReopenedStore_RecoversEnablesAndDisables(string provider)
    {
        using var dir = new TempDir();
        var store = Open(provider, dir);
        string pid = "desired-" + Guid.NewGuid().ToString("N");

        var first = DesiredInterfaces.Recover(store, store, pid);
        for (int i = 0; i < DesiredInterfaces.SnapshotEvery + 3; i++)
        {
            first.Set("eth9", i % 2 == 0);
        }

        first.Set("eth1", true);
        first.Set("eth0", false);
        long seq = first.LastSequenceNr;

        var second = DesiredInterfaces.Recover(Open(provider, dir), Open(provider, dir), pid);

        Assert.Equal(seq, second.LastSequenceNr);
        Assert.Equal(["eth1", "eth2", "eth9"], second.Effective(["eth0", "eth2"]));
        Assert.False(second.Overrides["eth0"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public void WriteoutProgress_Recorded_ReadBack(string provider)
    {
        using var dir = new TempDir();
        var store = Open(provider, dir);
        var progress = new WriteoutProgress(store);
        string iface = "w" + Guid.NewGuid().ToString("N")[..8];
        var t1 = new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

        Assert.Null(progress.LastWritten(iface));
        progress.RecordWritten(iface, t1);
        progress.RecordWritten(iface, t1.AddMinutes(5));

        Assert.Equal(t1.AddMinutes(5), new WriteoutProgress(Open(provider, dir)).LastWritten(iface));
    }

    private static SqlStore Open(string provider, TempDir dir)
    {
        if (provider == "sqlite")
        {
            return SqlStore.OpenSqlite($"Data Source={Path.Combine(dir.Path, "state", "weir.db")}");
        }

        string? cs = Environment.GetEnvironmentVariable("WEIR_PG_TEST");
        Requires.That(!string.IsNullOrEmpty(cs), "WEIR_PG_TEST (a PostgreSQL connection string) is not set");
        return SqlStore.OpenPostgres(cs!);
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
