using Weir.Engine.Flows;

namespace Weir.Engine.Tests.Flows;

public class FlowKeyTests
{
    [Fact]
    public void FlowKeyV4_Size_IsTwelveBytes() =>
        Assert.Equal(12, System.Runtime.CompilerServices.Unsafe.SizeOf<FlowKeyV4>());

    [Fact]
    public void FlowKeyV6_Size_HoldsTwoAddressesPortAndProtocol() =>
        Assert.Equal(36, System.Runtime.CompilerServices.Unsafe.SizeOf<FlowKeyV6>());

    [Fact]
    public void FlowTableSlot_IPv4_IsOneCacheLine()
    {
        Assert.Equal(64, FlowTable<FlowKeyV4>.SlotSize);
        Assert.Equal(88, FlowTable<FlowKeyV6>.SlotSize);
    }

    [Fact]
    public void FlowKeyV4_ToFlowKey_RoundTripsFields()
    {
        var k = new FlowKeyV4((uint)TestPackets.Addr("10.0.0.1"), (uint)TestPackets.Addr("192.168.1.2"), 443, 6);
        FlowKey key = k.ToFlowKey();
        Assert.Equal("10.0.0.1 -> 192.168.1.2:443/6", key.ToString());
        Assert.False(key.IsIPv6);
    }

    [Fact]
    public void FlowKeyV6_ToFlowKey_RoundTripsFields()
    {
        var k = new FlowKeyV6(TestPackets.Addr("2001:db8::1"), TestPackets.Addr("2001:db8::ff:2"), 53, 17);
        FlowKey key = k.ToFlowKey();
        Assert.Equal(TestPackets.Key("2001:db8::1", "2001:db8::ff:2", 53, 17), key);
        Assert.True(key.IsIPv6);
    }

    [Fact]
    public void Equals_DiffersInAnyField_IsFalse()
    {
        var k = new FlowKeyV4(1, 2, 3, 4);
        Assert.Equal(k, new FlowKeyV4(1, 2, 3, 4));
        Assert.NotEqual(k, new FlowKeyV4(2, 1, 3, 4));
        Assert.NotEqual(k, new FlowKeyV4(1, 2, 4, 4));
        Assert.NotEqual(k, new FlowKeyV4(1, 2, 3, 17));
        var v6 = new FlowKeyV6(1, 2, 3, 4, 5, 6);
        Assert.Equal(v6, new FlowKeyV6(1, 2, 3, 4, 5, 6));
        Assert.NotEqual(v6, new FlowKeyV6(1, 2, 3, 5, 5, 6));
        Assert.NotEqual(v6, new FlowKeyV6(0, 2, 3, 4, 5, 6));
        Assert.NotEqual(v6, new FlowKeyV6(3, 4, 1, 2, 5, 6));
    }

    [Fact]
    public void Hash_EqualKeys_EqualHashes_AndSeedChangesIt()
    {
        var a = new FlowKeyV4(0x0A000001, 0x0A000002, 80, 6);
        var b = new FlowKeyV4(0x0A000001, 0x0A000002, 80, 6);
        Assert.Equal(a.Hash(42), b.Hash(42));
        Assert.NotEqual(a.Hash(42), a.Hash(43));
        Assert.NotEqual(a.Hash(42), new FlowKeyV4(0x0A000002, 0x0A000001, 80, 6).Hash(42));
    }

    public static TheoryData<string> Patterns => new() { "sequential-hosts", "sequential-ports", "v6-sequential" };

    /// <summary>Keys that differ in a few low bits (sequential addresses or ports) must still spread over every low-bit bucket.</summary>
    [Theory]
    [MemberData(nameof(Patterns))]
    public void Hash_StructuredKeys_SpreadEvenlyOverLowBits(string pattern)
    {
        const int Keys = 1 << 16;
        const int Buckets = 1 << 12;
        var counts = new int[Buckets];
        ulong seed = 0x1234_5678_9ABC_DEF1;
        for (int i = 0; i < Keys; i++)
        {
            ulong h = pattern switch
            {
                "sequential-hosts" => new FlowKeyV4(0x0A000000u + (uint)i, 0xC0A80001, 443, 6).Hash(seed),
                "sequential-ports" => new FlowKeyV4(0x0A000001, 0xC0A80001, (ushort)i, 17).Hash(seed),
                _ => new FlowKeyV6(0x20010DB800000000, (ulong)i, 0x20010DB800000000, 1, 443, 6).Hash(seed),
            };
            counts[(int)(h & (Buckets - 1))]++;
        }

        // 16 keys per bucket expected; a sound hash keeps the fullest bucket well under 3x that.
        Assert.True(counts.Max() < 48, $"fullest bucket {counts.Max()}");
        Assert.True(counts.Min() > 0, "a bucket stayed empty");
    }
}
