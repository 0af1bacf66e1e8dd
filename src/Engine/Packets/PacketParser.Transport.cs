using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Packets;

public static partial class PacketParser
{
    /// <summary>IANA protocol numbers the parser reads a transport header of.</summary>
    internal static class IpProtocols
    {
        public const byte Icmp = 1;
        public const byte Tcp = 6;
        public const byte Udp = 17;
        public const byte Dccp = 33;
        public const byte Gre = 47;
        public const byte Esp = 50;
        public const byte Ah = 51;
        public const byte Icmpv6 = 58;
        public const byte Sctp = 132;
        public const byte UdpLite = 136;
    }

    /// <summary>
    /// Reads ports (TCP, UDP, SCTP, UDP-Lite, DCCP), TCP flags and ICMP type/code from <paramref name="t"/>, the
    /// bytes after the IP header. A header cut short leaves the fields unset: the frame still counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ParseTransport(ReadOnlySpan<byte> t, int offset, byte protocol, ref ParsedPacket p)
    {
        switch (protocol)
        {
            case IpProtocols.Tcp:
                if (t.Length >= 14)
                {
                    p.TcpFlags = t[13];
                }

                goto case IpProtocols.Udp;
            case IpProtocols.Udp:
            case IpProtocols.Sctp:
            case IpProtocols.UdpLite:
            case IpProtocols.Dccp:
                if (t.Length >= 4)
                {
                    p.TransportOffset = (ushort)offset;
                    p.HasPorts = true;
                    p.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(t);
                    p.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(t[2..]);
                }

                break;
            case IpProtocols.Icmp:
            case IpProtocols.Icmpv6:
                if (t.Length >= 2)
                {
                    p.TransportOffset = (ushort)offset;
                    p.HasIcmp = true;
                    p.IcmpType = t[0];
                    p.IcmpCode = t[1];
                }

                break;
            default:
                if (t.Length > 0)
                {
                    p.TransportOffset = (ushort)offset;
                }

                break;
        }
    }
}
