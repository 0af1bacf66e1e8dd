using System.Diagnostics;
using System.Text.Json;
using Weir.Engine.Storage;

namespace Weir.Host.Tests.Cli;

/// <summary><c>weir db rollup</c> and <c>weir query --no-rollup</c>: the roll-ups answer what the blocks answer,
/// also after builds killed at random moments and with a damaged roll-up.</summary>
public sealed class RollupCommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "weir-rollup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_db))
        {
            Directory.Delete(_db, recursive: true);
        }
    }

    [Fact]
    public void DbRollup_AfterRollupsRemoved_RebuildsThemAndQueriesAnswerAsTheScan()
    {
        Fill(blocks: 24, flows: 600);
        RemoveRollups();
        (int exit, string stdout, string stderr) = WeirProcess.Run("db", "rollup", "--db", _db);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("3 day roll-ups (3 written)", stdout, StringComparison.Ordinal);
        Assert.Contains("weir: rollup: eth0 2026-11-29: 8 blocks read", stderr, StringComparison.Ordinal);
        Assert.Equal(9, Directory.GetFiles(_db, "*.rollup", SearchOption.AllDirectories).Length);
        AssertSameAsScan("-n", "5", "talk_conv");
        AssertSameAsScan("-n", "0", "-c", "snet = 10.0.0.0/8", "talk_src");
        AssertSameAsScan("-n", "3", "-d", "out", "-s", "packets", "talk_dst");
        (exit, stdout, _) = WeirProcess.Run("db", "rollup", "--db", _db, "--iface", "eth0");
        Assert.Equal(0, exit);
        Assert.StartsWith("3 day roll-ups (0 written)", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = WeirProcess.Run("db", "rollup", "--db", _db, "--iface", "eth9");
        Assert.Equal(2, exit);
        Assert.Equal("weir: no such interface in the database: eth9", stderr.TrimEnd());
    }

    [Fact]
    public void DbRollup_KilledAtRandomMoments_QueriesStillAnswerAsTheScan()
    {
        Fill(blocks: 40, flows: 3000);
        RemoveRollups();
        var random = new Random(1202);
        for (int kill = 0; kill < 4; kill++)
        {
            using Process p = Process.Start(WeirProcess.StartInfo("db", "rollup", "--db", _db))!;
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            Thread.Sleep(random.Next(100, 900));
            if (!p.HasExited)
            {
                p.Kill(); // SIGKILL: no cleanup of the temporary file
            }

            p.WaitForExit();
            AssertSameAsScan("-n", "10", "talk_conv");
        }

        (int exit, _, string stderr) = WeirProcess.Run("db", "rollup", "--db", _db);
        Assert.True(exit == 0, stderr);
        AssertSameAsScan("-n", "10", "talk_conv");
    }

    [Fact]
    public void Query_DamagedRollup_WarnsNamingTheFileAndExitsZero()
    {
        Fill(blocks: 10, flows: 500);
        string path = Path.Combine(_db, "eth0", "2026-11-29", TalkerRollup.FileName);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[30] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        (int exit, string stdout, string stderr) = WeirProcess.Run("query", "--db", _db, "--format", "json", "-n", "4", "talk_conv");
        Assert.True(exit == 0, stderr);
        Assert.Contains($"weir: warning: roll-up header fails its checksum; ignored, the day's blocks are scanned instead: {path}", stderr, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Equal(path, doc.RootElement.GetProperty("warnings")[0].GetProperty("path").GetString());
        AssertSameAsScan("-n", "4", "talk_conv");
    }

    private void AssertSameAsScan(params string[] args)
    {
        (int e1, string rolled, string err1) = WeirProcess.Run(["query", "--db", _db, "--format", "json", .. args]);
        (int e2, string scanned, string err2) = WeirProcess.Run(["query", "--db", _db, "--format", "json", "--no-rollup", .. args]);
        Assert.True(e1 == 0, err1);
        Assert.True(e2 == 0, err2);
        using JsonDocument a = JsonDocument.Parse(rolled), b = JsonDocument.Parse(scanned);
        Assert.Equal(b.RootElement.GetProperty("rows").GetRawText(), a.RootElement.GetProperty("rows").GetRawText());
        foreach (string field in new[] { "bytes_rcvd", "bytes_sent", "pkts_rcvd", "pkts_sent", "flows_scanned", "flows_matched" })
        {
            Assert.Equal(b.RootElement.GetProperty("totals").GetProperty(field).GetUInt64(), a.RootElement.GetProperty("totals").GetProperty(field).GetUInt64());
        }
    }

    private void RemoveRollups()
    {
        foreach (string f in Directory.GetFiles(_db, "*.rollup", SearchOption.AllDirectories))
        {
            File.Delete(f);
        }
    }

    private void Fill(int blocks, int flows)
    {
        (int exit, _, string stderr) = WeirProcess.Run("db", "fill", "--db", _db, "--iface", "eth0", "--blocks", blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--flows-per-block", flows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "3", "--start", "2026-11-29 00:00", "--interval", "3h", "--no-sync");
        Assert.True(exit == 0, stderr);
    }
}
