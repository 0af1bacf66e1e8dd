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
    /// Reads ports (TCP, UDP, SCTP, UDP-Lite, DCCP), TCP flags and ICMP type/code from the <paramref name="length"/>
    /// bytes at <paramref name="t"/> after the IP header. A header cut short leaves the fields unset: the frame still counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ParseTransport(ref byte t, int length, int offset, byte protocol, ref ParsedPacket p)
    {
        switch (protocol)
        {
            case IpProtocols.Tcp:
                if (length >= 14)
                {
                    p.TcpFlags = Unsafe.Add(ref t, 13);
                }

                goto case IpProtocols.Udp;
            case IpProtocols.Udp:
            case IpProtocols.Sctp:
            case IpProtocols.UdpLite:
            case IpProtocols.Dccp:
                if (length >= 4)
                {
                    p.TransportOffset = (ushort)offset;
                    p.HasPorts = true;
                    p.SourcePort = ReadUInt16(ref t, 0);
                    p.DestinationPort = ReadUInt16(ref t, 2);
                }

                break;
            case IpProtocols.Icmp:
            case IpProtocols.Icmpv6:
                if (length >= 2)
                {
                    p.TransportOffset = (ushort)offset;
                    p.HasIcmp = true;
                    p.IcmpType = t;
                    p.IcmpCode = Unsafe.Add(ref t, 1);
                }

                break;
            default:
                if (length > 0)
                {
                    p.TransportOffset = (ushort)offset;
                }

                break;
        }
    }

    /// <summary>A big-endian 16-bit field at <paramref name="offset"/>; the caller has checked the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort ReadUInt16(ref byte b, int offset)
    {
        ushort value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    /// <summary>A big-endian 32-bit field at <paramref name="offset"/>; the caller has checked the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32(ref byte b, int offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }
}
