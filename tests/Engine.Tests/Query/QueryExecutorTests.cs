using System.Text.Json;
using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Engine.Tests.Storage;

namespace Weir.Engine.Tests.Query;

/// <summary>Writes synthetic blocks on two interfaces across midnight once, then checks queries against brute force.</summary>
public sealed class QueryExecutorTests : IClassFixture<QueryExecutorTests.Database>
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 23, 40, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(5);
    private readonly Database _db;

    public QueryExecutorTests(Database db) => _db = db;

    public static TheoryData<string> Groupings => new()
    {
        "sip", "dip", "dport", "proto", "iface", "time", "talk_conv", "talk_src", "talk_dst", "apps_port", "raw", "sip,dport,proto", "dip,time", "dport,iface",
    };

    public static TheoryData<string> Conditions => new()
    {
        "dport = 443",
        "dport = 443 & (snet = 10.1.0.0/16 | proto = udp) & !host = 10.1.0.10",
        "proto = icmpv6 | dport < 100",
        "dnet = 2a00::/12",
        "sip != 10.1.0.10",
        "dport >= 1024 & dport <= 8080",
        "net = 10.1.128.0/17 & !proto = 6",
        "host = 2001:db8:1::1000 | sip > 200.0.0.0",
        "dport > 65535 | proto < 0",
    };

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Run_EveryGrouping_MatchesBruteForce(string attributes)
    {
        var query = new FlowQuery { GroupBy = QueryAttributes.Parse(attributes), Limit = 0 };
        QueryResult result = Run(query);
        AssertMatchesBruteForce(query, result, _db.Blocks);
    }

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Run_Condition_MatchesBruteForce(string condition)
    {
        var query = new FlowQuery { GroupBy = QueryAttributes.Parse("sip,dip,dport,proto"), Condition = ConditionParser.Parse(condition), Limit = 0 };
        QueryResult result = Run(query);
        AssertMatchesBruteForce(query, result, _db.Blocks);
    }

    [Fact]
    public void Run_NoCondition_TotalsEqualTheBlocksWritten()
    {
        QueryResult result = Run(new FlowQuery { GroupBy = GroupAttributes.Sip });
        FlowCounters expected = default;
        foreach (FlowBlock b in _db.Blocks)
        {
            expected += b.Totals;
        }

        Assert.Equal(expected, result.Totals);
        // The writer built each day's roll-up when it closed, so the blocks are answered from them.
        Assert.Equal(_db.Blocks.Count, result.Statistics.BlocksRead + result.Statistics.RollupBlocks);
        Assert.Empty(result.Issues);
        QueryResult scanned = Run(new FlowQuery { GroupBy = GroupAttributes.Sip, UseRollups = false });
        Assert.Equal(_db.Blocks.Count, scanned.Statistics.BlocksRead);
        Assert.Equal(expected, scanned.Totals);
    }

    [Fact]
    public void Run_TimeRangeAndInterface_ReadOnlyThoseBlocks()
    {
        var from = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var query = new FlowQuery { Interfaces = ["eth1"], From = from, To = from + (2 * s_interval), GroupBy = GroupAttributes.Iface | GroupAttributes.Time, Limit = 0 };
        QueryResult result = Run(query);
        List<FlowBlock> selected = [.. _db.Blocks.Where(b => b.InterfaceName == "eth1" && b.Start >= from && b.Start < from + (2 * s_interval))];
        Assert.Equal(2, selected.Count);
        Assert.Equal(2, result.Statistics.BlocksRead);
        Assert.Equal(2, result.Statistics.BlocksInRange);
        AssertMatchesBruteForce(query, result, selected);
    }

    [Fact]
    public void Run_PortOutsideEveryBlock_SkipsEveryBlockByBounds()
    {
        QueryResult result = Run(new FlowQuery { Condition = ConditionParser.Parse("dport > 65000 & proto = 132"), GroupBy = GroupAttributes.Sip });
        Assert.Equal(_db.Blocks.Count, result.Statistics.BlocksInRange);
        Assert.Equal(_db.Blocks.Count, result.Statistics.BlocksSkipped);
        Assert.Equal(0, result.Statistics.BlocksRead);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Run_SourceNetOfOneInterface_SkipsTheOtherInterfacesBlocks()
    {
        // eth2 holds only 192.0.2.0/24 sources; a condition on 10.1.0.0/16 proves from the bounds it has no match.
        QueryResult result = Run(new FlowQuery { Condition = ConditionParser.Parse("snet = 10.1.0.0/16"), GroupBy = GroupAttributes.Iface, Limit = 0 });
        Assert.Equal(_db.Eth2Blocks, result.Statistics.BlocksSkipped);
        Assert.DoesNotContain(result.Rows, r => r.Interface == "eth2");
    }

    [Fact]
    public void Run_TopN_ReturnsTheLargestInOrder()
    {
        var all = Run(new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dip, Limit = 0 });
        var top = Run(new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dip, Limit = 7 });
        Assert.Equal(all.Rows.Take(7), top.Rows);
        Assert.True(top.Rows.Zip(top.Rows.Skip(1)).All(p => p.First.Counters.Bytes >= p.Second.Counters.Bytes));
        var asc = Run(new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dip, Limit = 5, Ascending = true, Sort = SortKey.Packets });
        Assert.True(asc.Rows.Zip(asc.Rows.Skip(1)).All(p => p.First.Counters.Packets <= p.Second.Counters.Packets));
        // A top-N merge over roll-ups stops before it has seen every group: their number is then a lower bound.
        Assert.True(top.GroupsExact ? all.Groups == top.Groups : top.Groups <= all.Groups, $"{top.Groups} of {all.Groups}");
        Assert.Equal(all.Groups, Run(new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dip, Limit = 7, UseRollups = false }).Groups);
    }

    [Fact]
    public void Run_DirectionIn_RanksByReceivedBytes()
    {
        QueryResult result = Run(new FlowQuery { GroupBy = GroupAttributes.Dport, Direction = Direction.In, Limit = 0 });
        Assert.True(result.Rows.Zip(result.Rows.Skip(1)).All(p => p.First.Counters.BytesReceived >= p.Second.Counters.BytesReceived));
    }

    [Fact]
    public void Run_SortByTime_OrdersBuckets()
    {
        QueryResult result = Run(new FlowQuery { GroupBy = GroupAttributes.Time, Sort = SortKey.Time, Ascending = true, Limit = 0, Resolution = TimeSpan.FromMinutes(10) });
        Assert.True(result.Rows.Zip(result.Rows.Skip(1)).All(p => p.First.Time < p.Second.Time));
        Assert.All(result.Rows, r => Assert.Equal(0, r.Time!.Value.Minute % 10));
        Assert.Throws<FlowQueryException>(() => Run(new FlowQuery { GroupBy = GroupAttributes.Sip, Sort = SortKey.Time }));
    }

    [Fact]
    public void Run_LiveBlocks_AreMergedIn()
    {
        FlowKey k = new(FlowDbTests.Ip("10.9.9.9"), FlowDbTests.Ip("10.8.8.8"), 4242, 6, false);
        FlowBlock live = FlowDbTests.MakeBlock("eth0", s_start.AddHours(2), (k, new FlowCounters(1000, 2000, 3, 4)));
        using FlowDbReader reader = FlowDb.Open(_db.Path);
        QueryResult result = QueryExecutor.Run(reader, new FlowQuery { Condition = ConditionParser.Parse("dport = 4242"), GroupBy = GroupAttributes.Sip | GroupAttributes.Dport }, [live]);
        ResultRow row = Assert.Single(result.Rows);
        Assert.Equal(new FlowCounters(1000, 2000, 3, 4), row.Counters);
        Assert.Equal(1, result.Statistics.LiveBlocks);
    }

    [Fact]
    public void Run_TalkConvCountersOver32Bits_SumExactly()
    {
        // The sip,dip scan buffers runs with 32-bit counters; a bigger run must take the other path and still add up.
        using var dir = new TempDirectory();
        FlowKey big = new(FlowDbTests.Ip("10.0.0.1"), FlowDbTests.Ip("10.0.0.2"), 443, 6, false);
        FlowKey bigOtherPort = new(FlowDbTests.Ip("10.0.0.1"), FlowDbTests.Ip("10.0.0.2"), 80, 6, false);
        FlowKey small = new(FlowDbTests.Ip("10.0.0.3"), FlowDbTests.Ip("10.0.0.4"), 53, 17, false);
        var blocks = new List<FlowBlock>
        {
            FlowDbTests.MakeBlock("eth0", s_start, (big, new FlowCounters(5_000_000_000, 1, 2, 3)), (bigOtherPort, new FlowCounters(7, 8, 9, 10)), (small, new FlowCounters(1, 1, 1, 1))),
            FlowDbTests.MakeBlock("eth0", s_start + s_interval, (big, new FlowCounters(11, 4_294_967_296, 12, 13)), (small, new FlowCounters(2, 2, 2, 2))),
        };
        using (var writer = new FlowDbWriter(dir.Path))
        {
            foreach (FlowBlock b in blocks)
            {
                writer.Write(b);
            }
        }

        var query = new FlowQuery { GroupBy = QueryAttributes.Parse("talk_conv"), Limit = 0 };
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        QueryResult result = QueryExecutor.Run(reader, query);
        AssertMatchesBruteForce(query, result, blocks);
        Assert.Equal(new FlowCounters(5_000_000_018, 4_294_967_305, 23, 26), result.Rows[0].Counters);
    }

    [Fact]
    public void Run_UnknownInterface_Throws()
    {
        FlowQueryException e = Assert.Throws<FlowQueryException>(() => Run(new FlowQuery { Interfaces = ["wlan9"] }));
        Assert.Contains("wlan9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJson_Result_HasOnlyTheSelectedAttributes()
    {
        QueryResult result = Run(new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dport, Limit = 3 });
        using var ms = new MemoryStream();
        QueryOutput.WriteJson(result, ms);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        JsonElement rows = doc.RootElement.GetProperty("rows");
        Assert.Equal(3, rows.GetArrayLength());
        foreach (JsonElement row in rows.EnumerateArray())
        {
            Assert.Equal(["sip", "dport", "bytes_rcvd", "bytes_sent", "pkts_rcvd", "pkts_sent"], row.EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(result.Totals.BytesSent, doc.RootElement.GetProperty("totals").GetProperty("bytes_sent").GetUInt64());
        Assert.False(doc.RootElement.TryGetProperty("issues", out _));
        string csv = QueryOutput.WriteCsv(result);
        Assert.StartsWith("sip,dport,bytes_rcvd,bytes_sent,pkts_rcvd,pkts_sent\n", csv, StringComparison.Ordinal);
        Assert.Contains("100.00", QueryOutput.WriteTable(result), StringComparison.Ordinal);
    }

    private QueryResult Run(FlowQuery query)
    {
        using FlowDbReader reader = FlowDb.Open(_db.Path);
        return QueryExecutor.Run(reader, query);
    }

    internal static void AssertMatchesBruteForce(FlowQuery query, QueryResult result, IEnumerable<FlowBlock> blocks)
    {
        var plan = query.GroupBy;
        var expected = new Dictionary<string, FlowCounters>();
        FlowCounters totals = default;
        foreach (FlowBlock b in blocks)
        {
            long bucket = query.Resolution is { } r ? b.Start.ToUnixTimeSeconds() / (long)r.TotalSeconds * (long)r.TotalSeconds : b.Start.ToUnixTimeSeconds();
            foreach (FlowRecord rec in b.Records)
            {
                if (!ReferenceEvaluator.Matches(query.Condition, rec.Key))
                {
                    continue;
                }

                totals += rec.Counters;
                bool addr = (plan & (GroupAttributes.Sip | GroupAttributes.Dip)) != 0;
                string key = string.Join('|',
                    (plan & GroupAttributes.Time) != 0 ? bucket.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                    (plan & GroupAttributes.Iface) != 0 ? b.InterfaceName : "",
                    addr && rec.Key.IsIPv6 ? "6" : "4",
                    (plan & GroupAttributes.Sip) != 0 ? rec.Key.SourceAddress.ToString() : "",
                    (plan & GroupAttributes.Dip) != 0 ? rec.Key.DestinationAddress.ToString() : "",
                    (plan & GroupAttributes.Dport) != 0 ? rec.Key.DestinationPort : 0,
                    (plan & GroupAttributes.Proto) != 0 ? rec.Key.Protocol : 0);
                expected[key] = expected.GetValueOrDefault(key) + rec.Counters;
            }
        }

        Assert.Equal(totals, result.Totals);
        Assert.Equal(expected.Count, result.Rows.Count);
        foreach (ResultRow r in result.Rows)
        {
            bool addr = (plan & (GroupAttributes.Sip | GroupAttributes.Dip)) != 0;
            string key = string.Join('|',
                r.Time is { } t ? t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                r.Interface ?? "",
                addr && r.IsIPv6 ? "6" : "4",
                (plan & GroupAttributes.Sip) != 0 ? FlowKey.ToIPAddress(r.Source, r.IsIPv6).ToString() : "",
                (plan & GroupAttributes.Dip) != 0 ? FlowKey.ToIPAddress(r.Destination, r.IsIPv6).ToString() : "",
                r.DestinationPort,
                r.Protocol);
            Assert.True(expected.TryGetValue(key, out FlowCounters c), $"unexpected group {key}");
            Assert.Equal(c, r.Counters);
        }
    }

    public sealed class Database : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public Database()
        {
            var blocks = new List<FlowBlock>();
            using var writer = new FlowDbWriter(_dir.Path);
            foreach (string iface in new[] { "eth0", "eth1" })
            {
                var gen = new SyntheticFlowGenerator(11, iface);
                for (int i = 0; i < 8; i++)
                {
                    FlowBlock b = gen.Block(s_start + (i * s_interval), s_interval, 1500);
                    writer.Write(b);
                    blocks.Add(b);
                }
            }

            // eth2: a different source network only, for bound-skipping tests.
            for (int i = 0; i < 3; i++)
            {
                FlowKey k = new(FlowDbTests.Ip("192.0.2.7"), FlowDbTests.Ip("198.51.100." + (i + 1)), 443, 6, false);
                FlowBlock b = FlowDbTests.MakeBlock("eth2", s_start + (i * s_interval), (k, new FlowCounters(10, 20, 1, 2)));
                writer.Write(b);
                blocks.Add(b);
            }

            Eth2Blocks = 3;
            Blocks = blocks;
        }

        public string Path => _dir.Path;

        public IReadOnlyList<FlowBlock> Blocks { get; }

        public int Eth2Blocks { get; }

        public void Dispose() => _dir.Dispose();
    }
}
