using System.Runtime.CompilerServices;
using Weir.Engine.Capture;
using Weir.Engine.Packets;

namespace Weir.Engine.Flows;

public sealed partial class FlowLog
{
    /// <summary>Lowest port of the ephemeral range: the union of IANA's 49152–65535 and Linux's 32768–60999, as goProbe.</summary>
    internal const ushort EphemeralPortStart = 32768;

    private const byte TcpSyn = 0x02;
    private const byte TcpAck = 0x10;

    /// <summary>
    /// Decides which end of <paramref name="packet"/> is the client, in priority order:
    /// <list type="number">
    /// <item>TCP SYN without ACK: the sender is the client (confident); SYN-ACK: the sender is the server (confident).</item>
    /// <item>A multicast or broadcast destination is never a client: the sender is (not confident).</item>
    /// <item>ICMP / ICMPv6 request types (echo, timestamp, information, address mask, router and neighbour
    /// solicitation, node information query): the sender is the client; reply and error types: the sender is
    /// the server (confident).</item>
    /// <item>Ports, when they decide: the side with an ephemeral port (≥ 32768, or 0) is the client when the other
    /// is not.</item>
    /// <item>The capture direction, when known and <see cref="FlowLogOptions.UseCaptureDirection"/>: the capturing
    /// host is taken as the client (an outbound packet's sender, an inbound packet's receiver).</item>
    /// <item>Ports again: the lower port is the server; equal ports: the sender is the client.</item>
    /// <item>Otherwise (no ports): the sender is the client.</item>
    /// </list>
    /// Rules 1 and 3 are confident; the others are guesses. Decisive ports come before the capture direction
    /// because a host serves as often as it connects: a datagram from 10.0.0.2:40000 arriving at this host's port
    /// 53 is a query to a local server, not this host talking to port 40000. The capture direction still settles
    /// what ports cannot (both ephemeral, both well-known, no ports), so both directions of such a conversation
    /// land in one flow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FlowOrientation Classify(in ParsedPacket packet, ushort sourcePort, ushort destinationPort, bool hasPorts, byte tcpFlags, PacketDirection direction, bool useCaptureDirection)
    {
        if (packet.Protocol == 6 && (tcpFlags & TcpSyn) != 0)
        {
            return (tcpFlags & TcpAck) != 0 ? FlowOrientation.Reverse | FlowOrientation.Confident : FlowOrientation.Confident;
        }

        return ClassifyWithoutHandshake(packet, sourcePort, destinationPort, hasPorts, direction, useCaptureDirection);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FlowOrientation ClassifyWithoutHandshake(in ParsedPacket packet, ushort sourcePort, ushort destinationPort, bool hasPorts, PacketDirection direction, bool useCaptureDirection)
    {
        // A group address is never the client, whatever the ICMP type says (router advertisements go to ff02::1).
        if (IsMulticastOrBroadcast(packet.Destination, packet.IsIPv6))
        {
            return FlowOrientation.Forward;
        }

        if (packet.HasIcmp)
        {
            FlowOrientation icmp = packet.IsIPv6 ? ClassifyIcmpV6(packet.IcmpType) : ClassifyIcmpV4(packet.IcmpType);
            if (icmp != FlowOrientation.Forward)
            {
                return icmp;
            }
        }

        if (hasPorts && IsEphemeral(sourcePort) != IsEphemeral(destinationPort))
        {
            return IsEphemeral(sourcePort) ? FlowOrientation.Forward : FlowOrientation.Reverse;
        }

        if (useCaptureDirection && direction != PacketDirection.Unknown)
        {
            return direction == PacketDirection.Outbound ? FlowOrientation.Forward : FlowOrientation.Reverse;
        }

        return hasPorts ? ClassifyByPorts(sourcePort, destinationPort) : FlowOrientation.Forward;
    }

    /// <summary>
    /// goProbe's port heuristic: the ephemeral side is the client when only one side is ephemeral, else
    /// the lower (more well-known) port is the server; equal ports keep the packet's orientation.
    /// </summary>
    internal static FlowOrientation ClassifyByPorts(ushort sourcePort, ushort destinationPort)
    {
        bool sourceEphemeral = IsEphemeral(sourcePort);
        if (sourceEphemeral != IsEphemeral(destinationPort))
        {
            return sourceEphemeral ? FlowOrientation.Forward : FlowOrientation.Reverse;
        }

        return sourcePort < destinationPort ? FlowOrientation.Reverse : FlowOrientation.Forward;
    }

    /// <summary>Ephemeral (client-side) ports; 0 counts as ephemeral because it means "no port seen".</summary>
    private static bool IsEphemeral(ushort port) => port >= EphemeralPortStart || port == 0;

    /// <summary>ICMPv4 types: requests keep the orientation, replies and errors reverse it; <see cref="FlowOrientation.Forward"/> (0) means "no verdict".</summary>
    private static FlowOrientation ClassifyIcmpV4(byte type) => type switch
    {
        8 or 10 or 13 or 15 or 17 => FlowOrientation.Confident,
        0 or 3 or 4 or 5 or 9 or 11 or 12 or 14 or 16 or 18 => FlowOrientation.Confident | FlowOrientation.Reverse,
        _ => FlowOrientation.Forward,
    };

    /// <summary>ICMPv6 types: as <see cref="ClassifyIcmpV4"/>.</summary>
    private static FlowOrientation ClassifyIcmpV6(byte type) => type switch
    {
        128 or 133 or 135 or 139 => FlowOrientation.Confident,
        1 or 2 or 3 or 4 or 129 or 134 or 136 or 137 or 140 => FlowOrientation.Confident | FlowOrientation.Reverse,
        _ => FlowOrientation.Forward,
    };

    /// <summary>IPv4 224.0.0.0/4 or 255.255.255.255; IPv6 ff00::/8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMulticastOrBroadcast(UInt128 destination, bool isIPv6)
    {
        if (isIPv6)
        {
            return (byte)(destination >> 120) == 0xFF;
        }

        uint v4 = (uint)destination;
        return (v4 >> 28) == 0xE || v4 == uint.MaxValue;
    }
}
