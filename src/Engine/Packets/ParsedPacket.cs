using System.Runtime.InteropServices;

namespace Weir.Engine.Packets;

/// <summary>
/// What <see cref="PacketParser"/> read from one frame: the outermost IP header's addresses and the
/// transport fields a flow needs. A mutable struct the caller keeps and the parser overwrites, so parsing
/// allocates nothing. Addresses are big-endian numbers (IPv4 in the low 32 bits), as in
/// <see cref="Flows.FlowKey"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct ParsedPacket
{
    /// <summary>Source address of the outermost IP header.</summary>
    public UInt128 Source;

    /// <summary>Destination address of the outermost IP header.</summary>
    public UInt128 Destination;

    /// <summary>Whether the outermost IP header is IPv6.</summary>
    public bool IsIPv6;

    /// <summary>IANA number of the transport protocol after the IP header and its extension headers.</summary>
    public byte Protocol;

    /// <summary>Whether <see cref="SourcePort"/> and <see cref="DestinationPort"/> were read (TCP, UDP, SCTP, UDP-Lite, DCCP; first fragment only).</summary>
    public bool HasPorts;

    /// <summary>Transport source port (0 without ports).</summary>
    public ushort SourcePort;

    /// <summary>Transport destination port (0 without ports).</summary>
    public ushort DestinationPort;

    /// <summary>TCP flags byte (FIN=0x01, SYN=0x02, RST=0x04, PSH=0x08, ACK=0x10, URG=0x20, ECE=0x40, CWR=0x80); 0 otherwise.</summary>
    public byte TcpFlags;

    /// <summary>Whether <see cref="IcmpType"/> and <see cref="IcmpCode"/> were read (ICMP or ICMPv6).</summary>
    public bool HasIcmp;

    /// <summary>ICMP / ICMPv6 type.</summary>
    public byte IcmpType;

    /// <summary>ICMP / ICMPv6 code.</summary>
    public byte IcmpCode;

    /// <summary>Whether the outermost IP packet is a fragment (IPv4 MF or offset set; IPv6 fragment header).</summary>
    public bool IsFragment;

    /// <summary>Fragment offset in 8-byte units; 0 for the first fragment.</summary>
    public ushort FragmentOffset;

    /// <summary>Fragment identification (IPv4 16-bit id widened; IPv6 32-bit id).</summary>
    public uint FragmentId;

    /// <summary>Offset of the outermost IP header in the frame.</summary>
    public ushort NetworkOffset;

    /// <summary>Offset of the transport header in the frame (0 when not reached).</summary>
    public ushort TransportOffset;
}
