using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Weir.Engine.Capture;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>
/// Four UDP flows across a <see cref="VethNamespace"/> with known frame counts and sizes: IPv4 and IPv6, each
/// sent from the host end (Outbound on it) and from inside the namespace (Inbound on it). Every flow has a bound
/// receiver, so no ICMP port-unreachable replies are provoked.
/// </summary>
internal sealed class KnownTraffic : IDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<(Socket Sender, IPEndPoint Target, Spec Spec)> _sends = [];

    public KnownTraffic(VethNamespace net)
    {
        PortBase = 20000 + (RandomNumberGenerator.GetInt32(0, 2000) * 16);
        Specs =
        [
            Add(net, PortBase + 1, PortBase + 2, net.HostV4, net.PeerV4, fromHost: true, count: 37, payload: 100),
            Add(net, PortBase + 3, PortBase + 4, net.PeerV4, net.HostV4, fromHost: false, count: 23, payload: 200),
            Add(net, PortBase + 5, PortBase + 6, net.HostV6, net.PeerV6, fromHost: true, count: 19, payload: 300),
            Add(net, PortBase + 7, PortBase + 8, net.PeerV6, net.HostV6, fromHost: false, count: 29, payload: 50),
        ];
    }

    /// <summary>A flow as seen on the host end, with its frame count and the wire length of each frame.</summary>
    public sealed record Spec(UdpFlow Flow, int Count, int FrameLength);

    public int PortBase { get; }

    public IReadOnlyList<Spec> Specs { get; }

    public int TotalFrames => Specs.Sum(s => s.Count);

    /// <summary>Sends every datagram of every flow once.</summary>
    public void Send()
    {
        foreach (var (sender, target, spec) in _sends)
        {
            byte[] payload = new byte[spec.FrameLength - HeaderLength(target.AddressFamily)];
            for (int i = 0; i < spec.Count; i++)
            {
                payload[0] = (byte)i;
                sender.SendTo(payload, target);
            }
        }
    }

    /// <summary>Whether <paramref name="flow"/> belongs to this traffic (so other frames can be told apart).</summary>
    public bool IsOurs(UdpFlow flow) => flow.SourcePort > PortBase && flow.SourcePort <= PortBase + 8;

    public void Dispose()
    {
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private static int HeaderLength(AddressFamily family) => 14 + (family == AddressFamily.InterNetwork ? 20 : 40) + 8;

    private Spec Add(VethNamespace net, int sourcePort, int destinationPort, IPAddress source, IPAddress destination, bool fromHost, int count, int payload)
    {
        Socket sender = fromHost ? VethNamespace.HostSocket(source, sourcePort) : net.PeerSocket(source, sourcePort);
        Socket receiver = fromHost ? net.PeerSocket(destination, destinationPort) : VethNamespace.HostSocket(destination, destinationPort);
        _sockets.Add(sender);
        _sockets.Add(receiver);
        var flow = new UdpFlow(source, destination, sourcePort, destinationPort, fromHost ? PacketDirection.Outbound : PacketDirection.Inbound);
        var spec = new Spec(flow, count, HeaderLength(source.AddressFamily) + payload);
        _sends.Add((sender, new IPEndPoint(destination, destinationPort), spec));
        return spec;
    }
}
