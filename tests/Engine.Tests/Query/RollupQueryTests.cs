using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Engine.Tests.Storage;

namespace Weir.Engine.Tests.Query;

/// <summary>
/// Random queries over a database with day roll-ups (three days on two interfaces, IPv4 and IPv6, a day with
/// blocks appended after its roll-up, an interface of equal-valued pairs for ties) answer exactly what the forced
/// block scan answers.
/// </summary>
public sealed class RollupQueryTests : IClassFixture<RollupQueryTests.Database>
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_interval = TimeSpan.FromHours(2);
    private static readonly string[] s_conditions =
    [
        "snet = 10.0.0.0/8",
        "dnet = 2a00::/12",
        "host = 10.1.0.10",
        "!sip = 10.1.0.10",
        "net = 10.1.128.0/17 | dip > 100.0.0.0",
        "sip >= 10.1.0.0 & sip <= 10.1.255.255 & !dnet = 192.0.0.0/2",
        "host != 2001:db8:1::1000",
        "src = 192.0.2.9 | dst = 198.51.100.3",
    ];

    private readonly Database _db;

    public RollupQueryTests(Database db) => _db = db;

    [Fact]
    public void Run_RandomQueries_RollupPathEqualsBlockScan()
    {
        var random = new Random(20261202);
        int viaRollups = 0, viaTopN = 0;
        DateTimeOffset?[] froms = [null, s_start.AddDays(1), s_start.AddDays(1).AddHours(5), s_start.AddDays(2)];
        DateTimeOffset?[] tos = [null, s_start.AddDays(2), s_start.AddDays(2).AddHours(7)];
        GroupAttributes[] groupings = [GroupAttributes.Sip | GroupAttributes.Dip, GroupAttributes.Sip | GroupAttributes.Dip, GroupAttributes.Sip, GroupAttributes.Dip, GroupAttributes.None];
        for (int q = 0; q < 160; q++)
        {
            DateTimeOffset? from = froms[random.Next(froms.Length)], to = tos[random.Next(tos.Length)];
            if (from is { } f && to is { } t && f >= t)
            {
                to = null;
            }

            var query = new FlowQuery
            {
                Interfaces = random.Next(3) switch { 0 => null, 1 => ["eth0"], _ => ["eth1", "ties"] },
                From = from,
                To = to,
                GroupBy = groupings[random.Next(groupings.Length)],
                Condition = random.Next(3) == 0 ? ConditionParser.Parse(s_conditions[random.Next(s_conditions.Length)]) : null,
                Limit = new[] { 0, 1, 3, 10, 10, 50 }[random.Next(6)],
                Sort = random.Next(4) == 0 ? SortKey.Packets : SortKey.Bytes,
                Ascending = random.Next(5) == 0,
                Direction = (Direction)random.Next(3),
            };
            (QueryResult rolled, QueryResult scanned) = RunBoth(query);
            AssertSameAnswer(query, rolled, scanned);
            viaRollups += rolled.Statistics.RollupDays > 0 ? 1 : 0;
            viaTopN += rolled.Statistics.RollupDays > 0 && !rolled.GroupsExact ? 1 : 0;
        }

        Assert.True(viaRollups > 60, $"{viaRollups} of 160 queries used roll-ups");
        Assert.True(viaTopN > 10, $"{viaTopN} queries stopped the top-N merge early");
    }

    [Fact]
    public void Run_TopTalkersWholeDatabase_ReadsFewPairs()
    {
        var query = new FlowQuery { Interfaces = ["eth0"], Limit = 10 };
        (QueryResult rolled, QueryResult scanned) = RunBoth(query);
        AssertSameAnswer(query, rolled, scanned);
        Assert.Equal(3, rolled.Statistics.RollupDays);
        Assert.False(rolled.GroupsExact);
        long pairs = scanned.Groups;
        Assert.True(rolled.Statistics.RollupPairsRead < pairs, $"read {rolled.Statistics.RollupPairsRead} pairs of {pairs}");
    }

    [Fact]
    public void Run_DayWithBlocksAfterItsRollup_CoveredPrefixFromRollupRestScanned()
    {
        DateOnly last = DateOnly.FromDateTime(s_start.AddDays(2).UtcDateTime);
        var query = new FlowQuery { Interfaces = ["eth0"], From = s_start.AddDays(2), Limit = 10 };
        (QueryResult rolled, QueryResult scanned) = RunBoth(query);
        AssertSameAnswer(query, rolled, scanned);
        using FlowDbReader reader = FlowDb.Open(_db.Path);
        IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks("eth0", last);
        using TalkerRollup? rollup = reader.OpenRollup("eth0", last, blocks);
        Assert.NotNull(rollup);
        Assert.Equal(blocks.Count - Database.Appended, rollup.BlocksCovered);
        Assert.Equal(rollup.BlocksCovered, rolled.Statistics.RollupBlocks);
        Assert.Equal(Database.Appended, rolled.Statistics.BlocksRead);
    }

    [Theory]
    [InlineData("sip,dport", null)]
    [InlineData("talk_conv", "dport = 443")]
    [InlineData("talk_conv", "snet = 10.0.0.0/8 & proto = 6")]
    [InlineData("sip,time", null)]
    [InlineData("iface", null)]
    public void Run_QueryRollupsCannotAnswer_ScansTheBlocks(string attributes, string? condition)
    {
        var query = new FlowQuery { GroupBy = QueryAttributes.Parse(attributes), Condition = ConditionParser.Parse(condition), Limit = 20 };
        (QueryResult rolled, QueryResult scanned) = RunBoth(query);
        Assert.Equal(0, rolled.Statistics.RollupDays);
        AssertSameAnswer(query, rolled, scanned);
    }

    [Theory]
    [InlineData("talk_conv", null, 10)]
    [InlineData("talk_src", null, 5)]
    [InlineData("talk_conv", "snet = 10.0.0.0/8", 10)]
    [InlineData("talk_dst", null, 0)]
    public void Run_LiveBlocksBesideRollups_MergedExactly(string attributes, string? condition, int limit)
    {
        // The host's not-yet-written blocks: the same generator, so their pairs overlap the stored ones.
        var gen = new SyntheticFlowGenerator(21, "eth0");
        FlowBlock[] live = [gen.Block(s_start.AddDays(3), s_interval, 900), gen.Block(s_start.AddDays(3) + s_interval, s_interval, 900)];
        var query = new FlowQuery { GroupBy = QueryAttributes.Parse(attributes), Condition = ConditionParser.Parse(condition), Limit = limit };
        using FlowDbReader reader = FlowDb.Open(_db.Path);
        QueryResult rolled = QueryExecutor.Run(reader, query, live);
        QueryResult scanned = QueryExecutor.Run(reader, query with { UseRollups = false }, live);
        AssertSameAnswer(query, rolled, scanned);
        Assert.True(rolled.Statistics.RollupDays > 0);
        Assert.Equal(2, rolled.Statistics.LiveBlocks);
    }

    [Fact]
    public void Run_RangeEndingInsideADay_ThatDayScanned()
    {
        var query = new FlowQuery { Interfaces = ["eth0"], To = s_start.AddDays(1).AddHours(7), Limit = 5 };
        (QueryResult rolled, QueryResult scanned) = RunBoth(query);
        AssertSameAnswer(query, rolled, scanned);
        Assert.Equal(1, rolled.Statistics.RollupDays);
        Assert.Equal(4, rolled.Statistics.BlocksRead);
    }

    internal static void AssertSameAnswer(FlowQuery query, QueryResult rolled, QueryResult scanned)
    {
        string what = $"{query.GroupBy} {query.Condition} n={query.Limit} {query.Sort} asc={query.Ascending} {query.Direction} {query.From}..{query.To} {string.Join(',', query.Interfaces ?? [])}";
        Assert.True(scanned.Rows.SequenceEqual(rolled.Rows), $"rows differ: {what}");
        Assert.True(scanned.Totals == rolled.Totals, $"totals differ: {what}");
        Assert.True(scanned.Statistics.RowsScanned == rolled.Statistics.RowsScanned, $"flows scanned {rolled.Statistics.RowsScanned} vs {scanned.Statistics.RowsScanned}: {what}");
        Assert.True(scanned.Statistics.RowsMatched == rolled.Statistics.RowsMatched, $"flows matched {rolled.Statistics.RowsMatched} vs {scanned.Statistics.RowsMatched}: {what}");
        Assert.True(rolled.GroupsExact ? rolled.Groups == scanned.Groups : rolled.Groups <= scanned.Groups, $"groups {rolled.Groups} vs {scanned.Groups}: {what}");
        Assert.Equal(scanned.Statistics.First, rolled.Statistics.First);
        Assert.Equal(scanned.Statistics.Last, rolled.Statistics.Last);
        Assert.Empty(rolled.Issues);
        Assert.Empty(rolled.Warnings);
    }

    private (QueryResult Rolled, QueryResult Scanned) RunBoth(FlowQuery query)
    {
        using FlowDbReader reader = FlowDb.Open(_db.Path);
        return (QueryExecutor.Run(reader, query), QueryExecutor.Run(reader, query with { UseRollups = false }));
    }

    public sealed class Database : IDisposable
    {
        /// <summary>Blocks written to eth0's last day after its roll-up.</summary>
        public const int Appended = 3;

        private readonly TempDirectory _dir = new();

        public Database()
        {
            // Twelve 2-hour blocks a day; the writer builds each day's roll-up when the next day starts and on close.
            using (var writer = new FlowDbWriter(_dir.Path, new FlowDbWriterOptions { Durable = false }))
            {
                foreach ((string iface, ulong seed) in new[] { ("eth0", 21UL), ("eth1", 22UL) })
                {
                    var gen = new SyntheticFlowGenerator(seed, iface);
                    for (int i = 0; i < (3 * 12) - (iface == "eth0" ? Appended : 0); i++)
                    {
                        writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 900));
                    }
                }

                // Many pairs with equal counters (ties broken by key order), IPv4 and IPv6, repeated across days.
                for (int d = 0; d < 3; d++)
                {
                    var flows = new List<(FlowKey, FlowCounters)>();
                    for (uint i = 0; i < 40; i++)
                    {
                        flows.Add((new FlowKey(FlowDbTests.Ip("192.0.2.9") + (i % 5), FlowDbTests.Ip("198.51.100.1") + i, 443, 6, false), new FlowCounters(100, 50, 2, 1)));
                        flows.Add((new FlowKey(FlowDbTests.Ip("2001:db8::1") + (i % 3), FlowDbTests.Ip("2a01::1") + i, 443, 17, true), new FlowCounters(100, 50, 2, 1)));
                    }

                    writer.Write(FlowDbTests.MakeBlock("ties", s_start.AddDays(d).AddHours(1), [.. flows]));
                    writer.Write(FlowDbTests.MakeBlock("ties", s_start.AddDays(d).AddHours(3), [.. flows.Take(30)]));
                }
            }

            using (var writer = new FlowDbWriter(_dir.Path, new FlowDbWriterOptions { Durable = false, BuildRollups = false }))
            {
                var gen = new SyntheticFlowGenerator(21, "eth0");
                for (int i = (3 * 12) - Appended; i < 3 * 12; i++)
                {
                    writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 900));
                }
            }
        }

        public string Path => _dir.Path;

        public void Dispose() => _dir.Dispose();
    }
}
