using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Weir.Engine.Capture;

namespace Weir.Engine.Packets;

/// <summary>
/// Zero-copy parser from a captured frame to the fields a flow needs. Stateless and allocation-free; the
/// flow log adds the state (fragment attribution) on top. The flow is keyed on the outermost IP header:
/// tunnels (GRE, IP-in-IP, VXLAN, …) are not descended into here.
/// </summary>
/// <remarks>
/// One file per layer: <c>PacketParser.Link.cs</c> (link-layer dispatch and the small link headers),
/// <c>.Ethernet.cs</c> (Ethernet, VLAN, MPLS, PPPoE, LLC/SNAP, MACsec), <c>.Wireless.cs</c> (802.11, radiotap),
/// <c>.Ip.cs</c> (IPv4, IPv6 and its extension headers) and <c>.Transport.cs</c> (ports, TCP flags, ICMP).
/// Each layer reads at an offset into the whole frame, so offsets recorded in <see cref="ParsedPacket"/>
/// are frame offsets.
/// </remarks>
public static partial class PacketParser
{
    /// <summary>Most VLAN tags, MPLS labels and nested link headers walked before giving up.</summary>
    public const int EncapsulationLimit = 16;

    /// <summary>Most IPv6 extension headers walked before the chain is reported as bad.</summary>
    public const int ExtensionHeaderLimit = 16;

    /// <summary>
    /// Parses <paramref name="frame"/> of link type <paramref name="linkType"/> into <paramref name="packet"/>.
    /// Returns <see cref="ParseIssue.None"/> when an outermost IP header was read (the frame can be counted into
    /// a flow, even when its transport header is cut short), or the reason it cannot be.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ParseIssue Parse(ReadOnlySpan<byte> frame, LinkType linkType, ref ParsedPacket packet)
    {
        packet = default;
        if (linkType == LinkType.Ethernet && frame.Length >= 34)
        {
            // The common case stays short: untagged IPv4 over Ethernet with a full IP header.
            ref byte start = ref MemoryMarshal.GetReference(frame);
            ushort type = ReadUInt16(ref start, 12);
            if (type == EtherTypes.Ipv4 && (Unsafe.Add(ref start, 14) >> 4) == 4)
            {
                return ParseIpv4(frame, 14, ref packet);
            }

            if (type == EtherTypes.Vlan && frame.Length >= 38 && ReadUInt16(ref start, 16) == EtherTypes.Ipv4 && (Unsafe.Add(ref start, 18) >> 4) == 4)
            {
                return ParseIpv4(frame, 18, ref packet);
            }

            return ParseEthernet(frame, 0, ref packet);
        }

        return ParseLink(frame, 0, linkType, ref packet, 0);
    }

    /// <summary>Whether <see cref="Parse"/> decodes frames of <paramref name="linkType"/> (any other gives <see cref="ParseIssue.UnsupportedLinkType"/>).</summary>
    public static bool Supports(LinkType linkType) => linkType switch
    {
        LinkType.Null or LinkType.Ethernet or LinkType.Ppp or LinkType.PppHdlc or LinkType.RawLegacy or LinkType.RawOpenBsd or
        LinkType.Raw or LinkType.CiscoHdlc or LinkType.Ieee80211 or LinkType.FrameRelay or LinkType.Loop or LinkType.LinuxSll or
        LinkType.Ieee80211Radiotap or LinkType.ArcnetLinux or LinkType.IpNet or LinkType.Ipv4 or LinkType.Ipv6 or LinkType.Nflog or
        LinkType.IpOverInfiniband or LinkType.Pktap or LinkType.LinuxSll2 or LinkType.JuniperEthernet => true,
        _ => false,
    };
}
