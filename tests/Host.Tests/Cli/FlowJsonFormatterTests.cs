using System.Text.Json;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Host.Cli;

namespace Weir.Host.Tests.Cli;

/// <summary>The flows JSON, formatted by hand for speed, must be JSON a script reads back value for value.</summary>
public sealed class FlowJsonFormatterTests
{
    [Fact]
    public void Format_Ipv4TcpIpv6UdpAndATimeBeforeTheEpoch_ParseBackToTheirValues()
    {
        var v4 = new FlowRecord
        {
            Key = FlowKey.FromIPv4(0x0A000001, 0xC0A80102, 443, 6),
            Counters = new FlowCounters(ulong.MaxValue, 2, 3, 4),
            FirstSeenNs = 1_700_000_000_123_456_789,
            LastSeenNs = 1_700_000_001_000_000_000,
            TcpFlags = 0x12,
            DirectionConfident = true,
        };
        byte[] v6Source = Convert.FromHexString("20010db8000000000000000000000001");
        byte[] v6Destination = Convert.FromHexString("00000000000000000000ffff01020304");
        var v6 = new FlowRecord
        {
            Key = FlowKey.FromIPv6(v6Source, v6Destination, 53, 17),
            Counters = new FlowCounters(0, 5, 0, 1),
            FirstSeenNs = -1_000_000_000,
            LastSeenNs = 0,
        };

        JsonElement a = Parse(v4);
        Assert.Equal("10.0.0.1", a.GetProperty("sip").GetString());
        Assert.Equal("192.168.1.2", a.GetProperty("dip").GetString());
        Assert.Equal(443, a.GetProperty("dport").GetInt32());
        Assert.Equal(6, a.GetProperty("proto").GetInt32());
        Assert.Equal(ulong.MaxValue, a.GetProperty("bytes_rcvd").GetUInt64());
        Assert.Equal(2ul, a.GetProperty("bytes_sent").GetUInt64());
        Assert.Equal(3ul, a.GetProperty("pkts_rcvd").GetUInt64());
        Assert.Equal(4ul, a.GetProperty("pkts_sent").GetUInt64());
        Assert.Equal("2023-11-14T22:13:20.123456Z", a.GetProperty("first_seen").GetString());
        Assert.Equal("SYN|ACK", a.GetProperty("tcp_flags").GetString());
        Assert.True(a.GetProperty("direction_confident").GetBoolean());

        JsonElement b = Parse(v6);
        Assert.Equal("2001:db8::1", b.GetProperty("sip").GetString());
        Assert.Equal("::ffff:1.2.3.4", b.GetProperty("dip").GetString());
        Assert.Equal("1969-12-31T23:59:59.000000Z", b.GetProperty("first_seen").GetString());
        Assert.Equal("1970-01-01T00:00:00.000000Z", b.GetProperty("last_seen").GetString());
        Assert.False(b.TryGetProperty("tcp_flags", out _));
        Assert.False(b.GetProperty("direction_confident").GetBoolean());
    }

    [Fact]
    public void WriteJson_ManyFlowsFormattedOnAllCores_EveryFlowOnceInOrder()
    {
        const int Count = 70_000;
        var records = new FlowRecord[Count];
        for (int i = 0; i < Count; i++)
        {
            records[i] = new FlowRecord
            {
                Key = FlowKey.FromIPv4(0x0A000000u + (uint)i, 0x0B000001, (ushort)(i % 60000), (byte)(i % 3 == 0 ? 6 : 17)),
                Counters = new FlowCounters(0, (ulong)(Count - i) * 10, 0, 1),
                FirstSeenNs = i,
                LastSeenNs = i,
            };
        }

        var block = new FlowBlock("f", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, records, Count, default);
        using var output = new MemoryStream();
        FlowReportWriter.Write(output, new FlowReport("f", block, new FlowLog().Stats, default(CaptureSourceStats), TimeSpan.Zero, null), OutputFormat.Json, 0, FlowSortOrder.Bytes);
        using JsonDocument doc = JsonDocument.Parse(output.ToArray());
        JsonElement flows = doc.RootElement.GetProperty("flows");
        Assert.Equal(Count, flows.GetArrayLength());
        int k = 0;
        foreach (JsonElement f in flows.EnumerateArray())
        {
            // Sorted by bytes, largest first: record i has (Count - i) * 10 bytes sent.
            Assert.Equal((ulong)(Count - k) * 10, f.GetProperty("bytes_sent").GetUInt64());
            k++;
        }
    }

    private static JsonElement Parse(FlowRecord record)
    {
        byte[] buffer = new byte[FlowJsonFormatter.MaxObjectLength];
        int n = FlowJsonFormatter.Format(in record, buffer);
        return JsonDocument.Parse(buffer.AsMemory(0, n)).RootElement.Clone();
    }
}
