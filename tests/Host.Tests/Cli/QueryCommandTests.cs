using System.Text.Json;
using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Host.Tests.Cli;

public sealed class QueryCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 23, 50, 0, TimeSpan.Zero);
    private readonly string _db = Path.Combine(Path.GetTempPath(), "weir-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_db))
        {
            Directory.Delete(_db, recursive: true);
        }
    }

    [Fact]
    public void Query_AfterFill_JsonTotalsEqualTheGeneratedBlocks()
    {
        Fill("eth0", 4, 7);
        var gen = new SyntheticFlowGenerator(7, "eth0");
        FlowCounters expected = default;
        for (int i = 0; i < 4; i++)
        {
            expected += gen.Block(s_start.AddMinutes(5 * i), TimeSpan.FromMinutes(5), 800).Totals;
        }

        (int exit, string stdout, string stderr) = WeirProcess.Run("query", "--db", _db, "-i", "eth0", "-f", "2026-11-30 00:00", "-l", "-0s", "-n", "5", "--format", "json", "talk_conv");
        Assert.True(exit == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement totals = doc.RootElement.GetProperty("totals");
        Assert.Equal(expected.BytesReceived, totals.GetProperty("bytes_rcvd").GetUInt64());
        Assert.Equal(expected.PacketsSent, totals.GetProperty("pkts_sent").GetUInt64());
        Assert.Equal(5, doc.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(["sip", "dip", "bytes_rcvd", "bytes_sent", "pkts_rcvd", "pkts_sent"], doc.RootElement.GetProperty("rows")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Query_BadCondition_ExitsTwoWithCaret()
    {
        Fill("eth0", 1, 1);
        (int exit, string stdout, string stderr) = WeirProcess.Run("query", "--db", _db, "-c", "dport = 443 & ))", "sip");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        string[] lines = stderr.TrimEnd().Split('\n');
        Assert.Equal("weir: query: unexpected ')' at column 15", lines[0]);
        Assert.Equal("  dport = 443 & ))", lines[1]);
        Assert.Equal(16, lines[2].IndexOf('^', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-f", "yesterday")]
    [InlineData("-s", "volume")]
    [InlineData("-d", "up")]
    [InlineData("--format", "xml")]
    [InlineData("-n", "ten")]
    public void Query_BadOption_ExitsTwo(string option, string value)
    {
        Fill("eth0", 1, 1);
        (int exit, _, string stderr) = WeirProcess.Run("query", "--db", _db, option, value, "sip");
        Assert.Equal(2, exit);
        Assert.StartsWith("weir: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Query_MissingDatabase_ExitsTwoNamingThePath()
    {
        (int exit, _, string stderr) = WeirProcess.Run("query", "--db", _db, "sip");
        Assert.Equal(2, exit);
        Assert.Equal($"weir: no flow database: {_db}", stderr.TrimEnd());
    }

    [Fact]
    public void Query_CorruptBlock_ExitsOneAndReportsIssue()
    {
        Fill("eth0", 3, 2);
        string file = Path.Combine(_db, "eth0", "2026-11-30", "bytes_rcvd.col");
        byte[] bytes = File.ReadAllBytes(file);
        bytes[3] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        // --no-rollup: the day roll-ups, built before the damage, would answer without reading the column.
        (int exit, string stdout, string stderr) = WeirProcess.Run("query", "--db", _db, "--format", "json", "--no-rollup", "sip");
        Assert.Equal(1, exit);
        Assert.Contains("partial result", stderr, StringComparison.Ordinal);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("issues").GetArrayLength());
        Assert.Equal(2, doc.RootElement.GetProperty("totals").GetProperty("blocks_read").GetInt32());
    }

    [Fact]
    public void DbList_TwoInterfaces_ListsEachDayFromTheSummaries()
    {
        Fill("eth0", 3, 3);
        Fill("eth1", 1, 4);
        (int exit, string stdout, string stderr) = WeirProcess.Run("db", "list", "--db", _db, "--format", "json");
        Assert.True(exit == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        var days = doc.RootElement.GetProperty("days").EnumerateArray().Select(d => (d.GetProperty("iface").GetString(), d.GetProperty("day").GetString(), d.GetProperty("blocks").GetInt32())).ToList();
        Assert.Equal([("eth0", "2026-11-30", 2), ("eth0", "2026-12-01", 1), ("eth1", "2026-11-30", 1)], days);
        (exit, stdout, _) = WeirProcess.Run("db", "list", "--db", _db);
        Assert.Equal(0, exit);
        Assert.Contains("2 interface(s), 3 day(s), 4 blocks", stdout, StringComparison.Ordinal);
    }

    private void Fill(string iface, int blocks, ulong seed)
    {
        (int exit, string stdout, string stderr) = WeirProcess.Run("db", "fill", "--db", _db, "--iface", iface, "--blocks", blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--flows-per-block", "800", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--start", "2026-11-30 23:50");
        Assert.True(exit == 0, stderr);
        Assert.Equal(blocks, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
