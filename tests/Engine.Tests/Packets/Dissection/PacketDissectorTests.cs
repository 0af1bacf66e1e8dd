using System.Text;
using System.Text.Json;
using Weir.Engine.Capture;
using Weir.Engine.Packets.Dissection;
using Weir.Tests.Shared;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Packets.Dissection;

public sealed class PacketDissectorTests
{
    public static TheoryData<string, LinkType, byte[], string> Summaries => new()
    {
        // TCP SYN over IPv4: addresses with ports, protocol, flags.
        { "tcp syn", LinkType.Ethernet, Cat(Eth(0x0800), V4(6, Tcp(2000, 80, 0x02), src: "1.1.1.1", dst: "2.2.2.2")), "1.1.1.1:2000 -> 2.2.2.2:80 tcp SYN" },
        // SYN+ACK.
        { "tcp syn ack", LinkType.Ethernet, Cat(Eth(0x0800), V4(6, Tcp(80, 2000, 0x12))), "10.0.0.1:80 -> 10.0.0.2:2000 tcp SYN,ACK" },
        // ICMP echo request: the type's name, no ports.
        { "icmp echo", LinkType.Raw, V4(1, Icmp(8, 0), src: "1.1.1.1", dst: "2.2.2.2"), "1.1.1.1 -> 2.2.2.2 echo-request" },
        // ICMP type without a name.
        { "icmp unnamed", LinkType.Raw, V4(1, Icmp(99, 7)), "10.0.0.1 -> 10.0.0.2 icmp type 99 code 7" },
        // IPv6 with ports: addresses in brackets.
        { "udp v6", LinkType.Ethernet, Cat(Eth(0x86DD), V6(17, Udp(53, 53))), "[2001:db8::1]:53 -> [2001:db8::2]:53 udp" },
        // ICMPv6 neighbour solicitation.
        { "icmpv6", LinkType.Raw, V6(58, Icmp(135, 0)), "2001:db8::1 -> 2001:db8::2 neighbor-solicitation" },
        // A later fragment: no ports, the offset in bytes.
        { "fragment", LinkType.Raw, V4(17, Udp(1, 2), fragment: 185), "10.0.0.1 -> 10.0.0.2 udp fragment offset 1480" },
        // GRE: the outer addresses, the protocol name.
        { "gre", LinkType.Raw, V4(47, Cat(Hex("00000800"), V4(6, TcpSyn))), "10.0.0.1 -> 10.0.0.2 gre" },
        // ARP: only layer 2 decodes, named by ethertype.
        { "arp", LinkType.Ethernet, Cat(Eth(0x0806), new byte[28]), "aa:bb:cc:dd:ee:ff -> 11:22:33:44:55:66 arp" },
        // An ethertype without a name: hex.
        { "unknown ethertype", LinkType.Ethernet, Cat(Eth(0x88B5), new byte[28]), "aa:bb:cc:dd:ee:ff -> 11:22:33:44:55:66 0x88b5" },
        // Behind a VLAN tag: the innermost ethertype.
        { "vlan lldp", LinkType.Ethernet, Cat(Eth(0x8100), Vlan(5, 0x88CC), new byte[20]), "aa:bb:cc:dd:ee:ff -> 11:22:33:44:55:66 lldp" },
        // IPv4 cut short: layer 2 and the reason.
        { "truncated ip", LinkType.Ethernet, Cat(Eth(0x0800), Hex("45000054 0000")), "aa:bb:cc:dd:ee:ff -> 11:22:33:44:55:66 ipv4 [truncated]" },
        // A link type Weir does not decode is named.
        { "unsupported", (LinkType)160, new byte[20], "unsupported link type 160 (user13)" },
        // Raw IP with a bad version and no layer 2.
        { "bad version", LinkType.Raw, new byte[20], "raw [bad-version]" },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Summary_Frame_IsOneConnectionLine(string name, LinkType linkType, byte[] frame, string expected)
    {
        _ = name;
        var builder = new StringBuilder();

        PacketDissector.AppendSummary(builder, frame, linkType);

        Assert.Equal(expected, builder.ToString());
    }

    private static JsonElement Json(byte[] frame, LinkType linkType, long timestampNs = 1_700_000_000_123_456_000)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PacketDissector.Dissect(frame, linkType).WriteJson(writer, timestampNs, frame.Length + 4, frame.Length, 7);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static string[] LayerNames(JsonElement json) =>
        json.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("layer").GetString()!).ToArray();

    [Fact]
    public void WriteJson_VlanTcp_OneEntryPerLayerAndEndpoints()
    {
        JsonElement json = Json(Cat(Eth(0x8100), Vlan(100, 0x0800), V4(6, Tcp(2000, 80, 0x02), src: "1.1.1.1", dst: "2.2.2.2")), LinkType.Ethernet);

        Assert.Equal(["ethernet", "vlan", "ipv4", "tcp"], LayerNames(json));
        JsonElement[] layers = json.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal("aa:bb:cc:dd:ee:ff", layers[0].GetProperty("src").GetString());
        Assert.Equal("vlan", layers[0].GetProperty("type").GetString());
        Assert.Equal(100, layers[1].GetProperty("id").GetInt32());
        Assert.Equal("1.1.1.1", layers[2].GetProperty("src").GetString());
        Assert.Equal("SYN", layers[3].GetProperty("flags").GetString());
        Assert.Equal(80, layers[3].GetProperty("dport").GetInt32());
        Assert.Equal("11:22:33:44:55:66", json.GetProperty("l2").GetProperty("dst").GetString());
        Assert.Equal("2.2.2.2", json.GetProperty("l3").GetProperty("dst").GetString());
        Assert.Equal(2000, json.GetProperty("l4").GetProperty("src").GetInt32());
        Assert.Equal(7, json.GetProperty("frame").GetInt32());
        Assert.Equal("2023-11-14T22:13:20.123456Z", json.GetProperty("time").GetString());
        Assert.Equal("none", json.GetProperty("issue").GetString());
        Assert.Equal(json.GetProperty("caplen").GetInt32() + 4, json.GetProperty("len").GetInt32());
    }

    [Fact]
    public void WriteJson_Tunnels_AreExtraLayersButKeyStaysOuter()
    {
        byte[] inner = Cat(Eth(0x0800), V4(1, Icmp(8, 0), src: "192.168.0.1", dst: "192.168.0.2"));
        byte[] vxlan = Cat(Eth(0x0800), V4(17, Cat(Udp(45000, 4789), Hex("08000000 00006400"), inner)));
        byte[] gre = Cat(Eth(0x0800), V4(47, Cat(Hex("00000800"), V4(6, TcpSyn, src: "172.16.0.1"))));
        byte[] ipip = V4(4, V4(17, Udp(1, 2), src: "172.16.0.1"));

        JsonElement v = Json(vxlan, LinkType.Ethernet);
        JsonElement g = Json(gre, LinkType.Ethernet);
        JsonElement i = Json(ipip, LinkType.Raw);

        Assert.Equal(["ethernet", "ipv4", "udp", "vxlan", "ethernet", "ipv4", "icmp"], LayerNames(v));
        Assert.Equal(100, v.GetProperty("layers")[3].GetProperty("vni").GetInt32());
        Assert.Equal("10.0.0.1", v.GetProperty("l3").GetProperty("src").GetString());
        Assert.Equal(["ethernet", "ipv4", "gre", "ipv4", "tcp"], LayerNames(g));
        Assert.Equal("172.16.0.1", g.GetProperty("layers")[3].GetProperty("src").GetString());
        Assert.Equal("10.0.0.1", g.GetProperty("l3").GetProperty("src").GetString());
        Assert.Equal(["ipv4", "ipv4", "udp"], LayerNames(i));
    }

    [Fact]
    public void WriteJson_Ipv6ExtensionHeadersAndFragment_AreLayers()
    {
        JsonElement json = Json(V6(0, Cat(Ext(44), Frag6(17, 0, true, 5), Udp(1, 2))), LinkType.Raw);

        Assert.Equal(["ipv6", "ipv6-hopopts", "ipv6-frag", "udp"], LayerNames(json));
        Assert.True(json.GetProperty("layers")[2].GetProperty("more_fragments").GetBoolean());
    }

    [Fact]
    public void WriteJson_NonIp_HasL2WithoutL3()
    {
        JsonElement json = Json(Cat(Eth(0x0806), new byte[28]), LinkType.Ethernet);

        Assert.Equal("non-ip", json.GetProperty("issue").GetString());
        Assert.True(json.TryGetProperty("l2", out _));
        Assert.False(json.TryGetProperty("l3", out _));
    }

    [Fact]
    public void Dissect_TruncatedFramesAtEveryOffset_NeverThrows()
    {
        byte[][] frames =
        [
            Cat(Eth(0x0800), V4(17, Cat(Udp(45000, 4789), Hex("08000000 00006400"), Eth(0x0800), V4(1, Icmp(8, 0))))),
            Cat(Eth(0x0800), V4(47, Cat(Hex("10000000 00000001 88be"), new byte[4]))),
            Cat(Eth(0x8847), Hex("00010140"), V6(0, Cat(Ext(43), Ext(6), TcpSyn))),
            Cat(Hex("00000c00 02000000 10000000"), Hex("0802 0000"), new byte[18], Hex("0000 aaaa03 000000 0800"), V4(6, TcpSyn)),
        ];
        LinkType[] linkTypes = [.. Enum.GetValues<LinkType>()];
        var random = new Random(5);

        foreach (byte[] frame in frames)
        {
            for (int length = 0; length <= frame.Length; length++)
            {
                foreach (LinkType linkType in linkTypes)
                {
                    _ = PacketDissector.Dissect(frame.AsSpan(0, length), linkType).Summary();
                }
            }

            for (int i = 0; i < 2000; i++)
            {
                byte[] copy = (byte[])frame.Clone();
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                using var writer = new Utf8JsonWriter(Stream.Null);
                PacketDissector.Dissect(copy, linkTypes[random.Next(linkTypes.Length)]).WriteJson(writer, 0, copy.Length, copy.Length);
            }
        }
    }

    [SkippableFact]
    public void Dissect_EveryCorpusFrame_NeverThrows()
    {
        string corpus = Requires.PcapCorpus();
        int frames = 0;
        var random = new Random(99);
        foreach (string path in Directory.GetFiles(corpus, "*.pcap*"))
        {
            using ICaptureSource source = CaptureFile.Open(path);
            var collected = new List<Capture.CollectedFrame>();
            try
            {
                Capture.FrameCollector.ReadAll(source, collected);
            }
            catch (CaptureFileException)
            {
                // Dissect what was read.
            }

            foreach (Capture.CollectedFrame frame in collected)
            {
                using var writer = new Utf8JsonWriter(Stream.Null);
                PacketDissection dissection = PacketDissector.Dissect(frame.Data, frame.LinkType);
                Assert.NotEmpty(dissection.Summary());
                dissection.WriteJson(writer, frame.TimestampNs, frame.OriginalLength, frame.Data.Length);
                frames++;

                // Bit-flipped and cut copies of the headers.
                for (int i = 0; i < 10 && frame.Data.Length > 0; i++)
                {
                    byte[] copy = (byte[])frame.Data.Clone();
                    copy[random.Next(Math.Min(copy.Length, 128))] ^= (byte)(1 << random.Next(8));
                    _ = PacketDissector.Dissect(copy.AsSpan(0, random.Next(copy.Length + 1)), frame.LinkType).Summary();
                }
            }
        }

        Assert.True(frames >= 3856);
    }
}
