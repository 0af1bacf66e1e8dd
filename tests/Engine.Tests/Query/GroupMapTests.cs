using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Engine.Tests.Storage;

namespace Weir.Engine.Tests.Query;

public sealed class GroupMapTests
{
    [Fact]
    public void Add_ManyKeysIncludingTheEmptyMarker_SumsEachKeyOnce()
    {
        var map = new GroupMap<PackedKey>(capacityBits: 4);
        var expected = new Dictionary<ulong, ulong>();
        var rng = new Random(3);
        for (int i = 0; i < 50_000; i++)
        {
            ulong key = i % 97 == 0 ? ulong.MaxValue : (ulong)rng.Next(0, 20_000);
            map.Add(new PackedKey(key), 1, 2, 3, 4);
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        var visitor = new Collect();
        map.ForEach(ref visitor);
        Assert.Equal(expected.Count, map.Count);
        Assert.Equal(expected.Count, visitor.Seen.Count);
        foreach ((ulong key, ulong n) in expected)
        {
            Assert.Equal((n, 2 * n), visitor.Seen[key]);
        }
    }

    [Fact]
    public void Run_BroadcastToBroadcastConversation_IsCountedLikeAnyOther()
    {
        using var dir = new TempDirectory();
        var all = FlowDbTests.Ip("255.255.255.255");
        FlowKey k = new(all, all, 67, 17, false);
        FlowKey other = new(FlowDbTests.Ip("10.0.0.1"), all, 67, 17, false);
        using (var writer = new FlowDbWriter(dir.Path))
        {
            writer.Write(FlowDbTests.MakeBlock("eth0", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), (k, new FlowCounters(5, 6, 7, 8)), (other, new FlowCounters(1, 1, 1, 1))));
        }

        using FlowDbReader reader = FlowDb.Open(dir.Path);
        QueryResult result = QueryExecutor.Run(reader, new FlowQuery { GroupBy = GroupAttributes.Sip | GroupAttributes.Dip });
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(new FlowCounters(5, 6, 7, 8), result.Rows[0].Counters);
        Assert.Equal((UInt128)uint.MaxValue, result.Rows[0].Source);
    }

    private struct Collect : GroupMap<PackedKey>.IVisitor
    {
        public Collect()
        {
        }

        public Dictionary<ulong, (ulong, ulong)> Seen { get; } = [];

        public readonly void Visit(PackedKey key, ulong bytesReceived, ulong bytesSent, ulong packetsReceived, ulong packetsSent) =>
            Seen.Add(key.Value, (bytesReceived, bytesSent));
    }
}
