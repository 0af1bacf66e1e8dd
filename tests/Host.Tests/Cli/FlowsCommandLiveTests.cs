using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Weir.Engine.Query;
using Weir.Host.Cli;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Cli;

/// <summary>
/// <c>weir flows -i IFACE</c> on a veth pair of the test's own (root, network namespaces): known UDP traffic in
/// both directions, IPv4 and IPv6, is counted exactly into flows, and a kernel filter leaves out what it excludes.
/// </summary>
public sealed class FlowsCommandLiveTests
{
    private const int Payload = 100;

    [SkippableFact]
    public void FlowsLive_KnownTrafficBothDirections_CountedExactlyPerFlow()
    {
        Requires.Root();
        Requires.Executable("ip");
        using var veth = new VethNamespace();
        JsonElement flows = Capture(veth, filter: null, out JsonElement totals);

        AssertFlow(flows, veth.HostV4, veth.PeerV4, 7001, packets: 50, frameLength: 14 + 20 + 8 + Payload);
        AssertFlow(flows, veth.PeerV4, veth.HostV4, 7002, packets: 30, frameLength: 14 + 20 + 8 + Payload);
        AssertFlow(flows, veth.HostV6, veth.PeerV6, 7003, packets: 20, frameLength: 14 + 40 + 8 + Payload);
        Assert.True(totals.GetProperty("packets").GetInt64() >= 100);
        Assert.Equal(0, totals.GetProperty("kernel_dropped").GetInt64());
    }

    [SkippableFact]
    public void FlowsLive_WithFilter_CountsOnlyWhatTheFilterKeeps()
    {
        Requires.Root();
        Requires.Executable("ip");
        using var veth = new VethNamespace();
        JsonElement flows = Capture(veth, filter: "udp port 7002", out JsonElement totals);

        AssertFlow(flows, veth.PeerV4, veth.HostV4, 7002, packets: 30, frameLength: 14 + 20 + 8 + Payload);
        Assert.Equal(1, flows.GetArrayLength());
        Assert.Equal(30, totals.GetProperty("packets").GetInt64());
    }

    /// <summary>Runs <c>weir flows -i</c> on the host end for a moment while the sockets send the known traffic.</summary>
    private static JsonElement Capture(VethNamespace veth, string? filter, out JsonElement totals)
    {
        using Socket hostV4 = VethNamespace.HostSocket(veth.HostV4, 0);
        using Socket hostV6 = VethNamespace.HostSocket(veth.HostV6, 0);
        using Socket peerV4 = veth.PeerSocket(veth.PeerV4, 0);
        // Receivers, so the kernel answers no datagram with an ICMP port-unreachable.
        using Socket sink7001 = veth.PeerSocket(veth.PeerV4, 7001);
        using Socket sink7002 = VethNamespace.HostSocket(veth.HostV4, 7002);
        using Socket sink7003 = veth.PeerSocket(veth.PeerV6, 7003);
        byte[] payload = new byte[Payload];

        using var output = new MemoryStream();
        int exit = FlowsCommand.RunLive(veth.HostInterface, filter, TimeSpan.FromSeconds(3), OutputFormat.Json, 0, FlowSortOrder.Bytes, output,
            capturing: () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    hostV4.SendTo(payload, new IPEndPoint(veth.PeerV4, 7001));
                }

                for (int i = 0; i < 30; i++)
                {
                    peerV4.SendTo(payload, new IPEndPoint(veth.HostV4, 7002));
                }

                for (int i = 0; i < 20; i++)
                {
                    hostV6.SendTo(payload, new IPEndPoint(veth.PeerV6, 7003));
                }
            });
        Assert.Equal(ExitCodes.Success, exit);
        JsonElement root = JsonDocument.Parse(output.ToArray()).RootElement;
        totals = root.GetProperty("totals");
        return root.GetProperty("flows");
    }

    private static void AssertFlow(JsonElement flows, IPAddress client, IPAddress server, int port, long packets, long frameLength)
    {
        foreach (JsonElement f in flows.EnumerateArray())
        {
            if (IPAddress.Parse(f.GetProperty("sip").GetString()!).Equals(client) &&
                IPAddress.Parse(f.GetProperty("dip").GetString()!).Equals(server) &&
                f.GetProperty("dport").GetInt32() == port && f.GetProperty("proto").GetInt32() == 17)
            {
                Assert.Equal(packets, f.GetProperty("pkts_sent").GetInt64());
                Assert.Equal(packets * frameLength, f.GetProperty("bytes_sent").GetInt64());
                Assert.Equal(0, f.GetProperty("pkts_rcvd").GetInt64());
                return;
            }
        }

        Assert.Fail($"no flow {client} -> {server}:{port}/udp in {flows}");
    }
}
