using System.Buffers.Binary;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Engine.Tests.Query;

namespace Weir.Engine.Tests.Storage;

/// <summary>Roll-ups that are damaged, torn, stale or misplaced are reported and ignored, never trusted; building
/// extends an older roll-up; the writer builds them when a day completes.</summary>
public sealed class TalkerRollupTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_interval = TimeSpan.FromHours(3);
    private static readonly DateOnly s_day = DateOnly.FromDateTime(s_start.UtcDateTime);

    private static readonly FlowQuery[] s_queries =
    [
        new FlowQuery { Limit = 10 },
        new FlowQuery { Limit = 0, GroupBy = GroupAttributes.Sip },
        new FlowQuery { Limit = 5, GroupBy = GroupAttributes.Dip, Direction = Direction.In },
        new FlowQuery { Limit = 5, Condition = ConditionParser.Parse("snet = 10.0.0.0/8") },
    ];

    [Fact]
    public void Build_AfterBlocksAppended_ReadsOnlyTheNewBlocksAndAnswersAsAFullBuild()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 5, rollups: true);
        Fill(dir.Path, 5, 3, rollups: false);
        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            TalkerRollupBuild? b = TalkerRollupBuilder.Build(reader, "eth0", s_day, durable: false);
            Assert.NotNull(b);
            Assert.Equal(8, b.Blocks);
            Assert.Equal(3, b.BlocksRead);
            Assert.True(TalkerRollupBuilder.Build(reader, "eth0", s_day, durable: false)!.UpToDate);
        }

        AssertAnswersEqualScan(dir.Path, expectRollup: true);
        byte[] extended = File.ReadAllBytes(RollupPath(dir.Path));
        File.Delete(RollupPath(dir.Path));
        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            TalkerRollupBuilder.Build(reader, "eth0", s_day, durable: false);
        }

        Assert.Equal(extended, File.ReadAllBytes(RollupPath(dir.Path)));
    }

    [Theory]
    [InlineData("chunk")]
    [InlineData("header")]
    [InlineData("truncated")]
    [InlineData("empty")]
    [InlineData("garbage")]
    public void Query_DamagedRollup_WarnsNamingTheFileAndAnswersFromTheBlocks(string damage)
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 6, rollups: true);
        string path = RollupPath(dir.Path);
        byte[] bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "chunk":
                // Inside the first chunk's rows: the header still verifies, the chunk's CRC does not.
                bytes[TalkerRollupFormat.DirectoryEnd(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20))) + 12] ^= 0x5A;
                break;
            case "header":
                bytes[40] ^= 0x01;
                break;
            case "truncated":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "empty":
                bytes = [];
                break;
            default:
                new Random(7).NextBytes(bytes);
                break;
        }

        File.WriteAllBytes(path, bytes);
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        // Every chunk is read by the aggregation of all pairs, so even the damage inside a late chunk is met.
        var query = new FlowQuery { Limit = 0 };
        QueryResult rolled = QueryExecutor.Run(reader, query);
        QueryResult scanned = QueryExecutor.Run(FlowDb.Open(dir.Path), query with { UseRollups = false });
        Assert.Equal(scanned.Rows, rolled.Rows);
        Assert.Equal(scanned.Totals, rolled.Totals);
        Assert.Equal(scanned.Groups, rolled.Groups);
        Assert.Empty(rolled.Issues);
        FlowDbIssue warning = Assert.Single(rolled.Warnings);
        Assert.Equal(path, warning.Path);
        Assert.Equal(FlowDbIssueKind.BadRollup, warning.Kind);
        Assert.Equal(0, rolled.Statistics.RollupDays);

        // The top-N merge reads the first chunk itself.
        using FlowDbReader again = FlowDb.Open(dir.Path);
        QueryResult top = QueryExecutor.Run(again, new FlowQuery { Limit = 10 });
        Assert.Equal(scanned.Rows.Take(10), top.Rows);
        Assert.Equal(path, Assert.Single(top.Warnings).Path);
    }

    [Fact]
    public void Query_DamagedSourcesRollupUnderAConditionsTotals_WarnsAndAnswersExactly()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 6, rollups: true);
        string path = Path.Combine(dir.Path, "eth0", "2026-11-29", TalkerRollup.FileNameOf(RollupKind.Sources));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[TalkerRollupFormat.DirectoryEnd(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20))) + 12] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var query = new FlowQuery { Limit = 5, Condition = ConditionParser.Parse("snet = 10.0.0.0/8") };
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        QueryResult rolled = QueryExecutor.Run(reader, query);
        QueryResult scanned = QueryExecutor.Run(FlowDb.Open(dir.Path), query with { UseRollups = false });
        Assert.Equal(scanned.Rows, rolled.Rows);
        Assert.Equal(scanned.Totals, rolled.Totals);
        Assert.Equal(scanned.Statistics.RowsMatched, rolled.Statistics.RowsMatched);
        Assert.Equal(path, Assert.Single(rolled.Warnings).Path);
        Assert.Equal(1, rolled.Statistics.RollupDays);
    }

    [Fact]
    public void Query_RollupOfAnotherDay_IsRefused()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 16, rollups: true);
        string other = Path.Combine(dir.Path, "eth0", "2026-11-30", TalkerRollup.FileName);
        File.Copy(RollupPath(dir.Path), other, overwrite: true);
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks("eth0", new DateOnly(2026, 11, 30));
        Assert.Null(reader.OpenRollup("eth0", new DateOnly(2026, 11, 30), blocks));
        Assert.Contains(reader.Warnings, w => w.Path == other && w.Message.Contains("does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void Query_CrashWhileWritingRollup_OldOrNoneIsUsedNeverATornOne()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 4, rollups: true);
        byte[] complete = File.ReadAllBytes(RollupPath(dir.Path));
        Fill(dir.Path, 4, 4, rollups: false);

        // A build that died before its rename leaves a temporary file beside the (older, still valid) roll-up.
        string temp = RollupPath(dir.Path) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, complete[..(complete.Length / 3)]);
        AssertAnswersEqualScan(dir.Path, expectRollup: true);

        // A power cut after an unsynced rename: the new name with only part of its bytes.
        File.WriteAllBytes(RollupPath(dir.Path), complete[..(complete.Length * 2 / 3)]);
        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            QueryResult r = QueryExecutor.Run(reader, new FlowQuery { Limit = 10 });
            Assert.Single(r.Warnings);
            Assert.Equal(QueryExecutor.Run(reader, new FlowQuery { Limit = 10, UseRollups = false }).Rows, r.Rows);

            // The next build replaces it with a whole one (from the blocks: the torn one is not trusted).
            TalkerRollupBuild? b = TalkerRollupBuilder.Build(reader, "eth0", s_day, durable: false);
            Assert.Equal(8, b!.BlocksRead);
        }

        AssertAnswersEqualScan(dir.Path, expectRollup: true);
        Assert.True(File.Exists(temp), "a recent temporary file may be a concurrent build's and is kept");
    }

    [Fact]
    public void Write_FirstBlockOfALaterDay_BuildsTheCompletedDaysRollup()
    {
        using var dir = new TempDirectory();
        var gen = new SyntheticFlowGenerator(4, "eth0");
        using (var writer = new FlowDbWriter(dir.Path, new FlowDbWriterOptions { Durable = false, RollupEveryBlocks = 3 }))
        {
            for (int i = 0; i < 8; i++)
            {
                writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 400));
                bool third = i is 2 or 5;
                Assert.True(!third || File.Exists(RollupPath(dir.Path)), $"no roll-up after block {i + 1}");
            }

            Assert.False(File.Exists(Path.Combine(dir.Path, "eth0", "2026-11-30", TalkerRollup.FileName)));
            writer.Write(gen.Block(s_start.AddDays(1), s_interval, 400));
            using FlowDbReader reader = FlowDb.Open(dir.Path);
            IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks("eth0", s_day);
            foreach (RollupKind kind in Enum.GetValues<RollupKind>())
            {
                using TalkerRollup? r = reader.OpenRollup("eth0", s_day, blocks, kind);
                Assert.Equal(8, r?.BlocksCovered);
            }
        }

        // Closing the writer rolls up the day it was writing.
        Assert.True(File.Exists(Path.Combine(dir.Path, "eth0", "2026-11-30", TalkerRollup.FileName)));
        AssertAnswersEqualScan(dir.Path, expectRollup: true);
    }

    [Fact]
    public void Build_DamagedBlock_CoversOnlyTheBlocksBeforeIt()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 0, 6, rollups: false);
        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            FlowDbBlock fourth = reader.ListBlocks("eth0", s_day)[3];
            string col = Path.Combine(dir.Path, "eth0", "2026-11-29", "bytes_sent.col");
            using var fs = new FileStream(col, FileMode.Open);
            fs.Position = fourth.Chunks[5].Offset + 2;
            int b = fs.ReadByte();
            fs.Position--;
            fs.WriteByte((byte)(b ^ 0xFF));
        }

        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            Assert.Equal(3, TalkerRollupBuilder.Build(reader, "eth0", s_day, durable: false)!.Blocks);
        }

        using (FlowDbReader reader = FlowDb.Open(dir.Path))
        {
            QueryResult rolled = QueryExecutor.Run(reader, new FlowQuery { Limit = 10 });
            QueryResult scanned = QueryExecutor.Run(FlowDb.Open(dir.Path), new FlowQuery { Limit = 10, UseRollups = false });
            Assert.Equal(scanned.Rows, rolled.Rows);
            Assert.Equal(scanned.Totals, rolled.Totals);
            Assert.Single(rolled.Issues);
            Assert.Equal(3, rolled.Statistics.RollupBlocks);
        }
    }

    private static void AssertAnswersEqualScan(string db, bool expectRollup)
    {
        using FlowDbReader reader = FlowDb.Open(db);
        foreach (FlowQuery q in s_queries)
        {
            QueryResult rolled = QueryExecutor.Run(reader, q);
            QueryResult scanned = QueryExecutor.Run(reader, q with { UseRollups = false });
            RollupQueryTests.AssertSameAnswer(q, rolled, scanned);
            Assert.Equal(expectRollup, rolled.Statistics.RollupDays > 0);
        }
    }

    private static string RollupPath(string db) => Path.Combine(db, "eth0", "2026-11-29", TalkerRollup.FileName);

    private static void Fill(string db, int first, int count, bool rollups)
    {
        using var writer = new FlowDbWriter(db, new FlowDbWriterOptions { Durable = false, BuildRollups = rollups });
        var gen = new SyntheticFlowGenerator(9, "eth0");
        for (int i = first; i < first + count; i++)
        {
            writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 600));
        }
    }
}
