using System.Buffers.Binary;
using System.Net;
using Weir.Engine.Packets;

namespace Weir.Engine.Tests.Flows;

/// <summary>Builds the <see cref="ParsedPacket"/> values the parser would produce, for flow tests that must not depend on it.</summary>
internal static class TestPackets
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Psh = 0x08;
    public const byte Ack = 0x10;

    public static UInt128 Addr(string address)
    {
        byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static bool IsV6(string address) => address.Contains(':', StringComparison.Ordinal);

    public static ParsedPacket Tcp(string source, ushort sourcePort, string destination, ushort destinationPort, byte flags = Ack) =>
        Ports(source, sourcePort, destination, destinationPort, 6, flags);

    public static ParsedPacket Udp(string source, ushort sourcePort, string destination, ushort destinationPort) =>
        Ports(source, sourcePort, destination, destinationPort, 17, 0);

    public static ParsedPacket Icmp(string source, string destination, byte type, byte code = 0)
    {
        bool v6 = IsV6(source);
        return new ParsedPacket
        {
            Source = Addr(source),
            Destination = Addr(destination),
            IsIPv6 = v6,
            Protocol = v6 ? (byte)58 : (byte)1,
            HasIcmp = true,
            IcmpType = type,
            IcmpCode = code,
        };
    }

    public static ParsedPacket Ip(string source, string destination, byte protocol) => new()
    {
        Source = Addr(source),
        Destination = Addr(destination),
        IsIPv6 = IsV6(source),
        Protocol = protocol,
    };

    public static ParsedPacket Ports(string source, ushort sourcePort, string destination, ushort destinationPort, byte protocol, byte flags) => new()
    {
        Source = Addr(source),
        Destination = Addr(destination),
        IsIPv6 = IsV6(source),
        Protocol = protocol,
        HasPorts = true,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
        TcpFlags = flags,
    };

    /// <summary>The first fragment of datagram <paramref name="id"/>: ports present.</summary>
    public static ParsedPacket FirstFragment(ParsedPacket packet, uint id)
    {
        packet.IsFragment = true;
        packet.FragmentOffset = 0;
        packet.FragmentId = id;
        return packet;
    }

    /// <summary>A later fragment of datagram <paramref name="id"/>: no transport header, so no ports or flags.</summary>
    public static ParsedPacket LaterFragment(ParsedPacket packet, uint id, ushort offset)
    {
        packet.IsFragment = true;
        packet.FragmentOffset = offset;
        packet.FragmentId = id;
        packet.HasPorts = false;
        packet.SourcePort = 0;
        packet.DestinationPort = 0;
        packet.TcpFlags = 0;
        return packet;
    }

    public static Weir.Engine.Flows.FlowKey Key(string source, string destination, ushort destinationPort, byte protocol) =>
        new(Addr(source), Addr(destination), destinationPort, protocol, IsV6(source));
}
