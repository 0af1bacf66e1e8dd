namespace Weir.Engine.Capture;

/// <summary>
/// Link-layer header types as numbered by tcpdump's <c>LINKTYPE_</c> registry (the values stored in pcap and
/// pcapng files and reported by libpcap). Only the types Weir decodes are named; any other number is carried as is.
/// </summary>
public enum LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,
    /// <summary>Ethernet II / 802.3.</summary>
    Ethernet = 1,
    /// <summary>PPP in HDLC-like framing or bare PPP protocol field.</summary>
    Ppp = 9,
    /// <summary>Raw IP as BSD's DLT_RAW 12 (some old files).</summary>
    RawLegacy = 12,
    /// <summary>Raw IP as OpenBSD's DLT_RAW 14.</summary>
    RawOpenBsd = 14,
    /// <summary>PPP in HDLC-like framing (RFC 1662), also Cisco HDLC framing.</summary>
    PppHdlc = 50,
    /// <summary>Raw IP; the version nibble tells IPv4 from IPv6.</summary>
    Raw = 101,
    /// <summary>Cisco HDLC.</summary>
    CiscoHdlc = 104,
    /// <summary>IEEE 802.11 without a radio header.</summary>
    Ieee80211 = 105,
    /// <summary>Frame Relay (Q.922 address, then RFC 2427 or Cisco encapsulation).</summary>
    FrameRelay = 107,
    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    Loop = 108,
    /// <summary>Linux cooked capture, version 1.</summary>
    LinuxSll = 113,
    /// <summary>IEEE 802.11 with a radiotap header.</summary>
    Ieee80211Radiotap = 127,
    /// <summary>ARCnet with the Linux pseudo-header.</summary>
    ArcnetLinux = 129,
    /// <summary>Raw IPv4.</summary>
    Ipv4 = 228,
    /// <summary>Juniper Ethernet: a "MGC" metadata header (with optional extensions) before the Ethernet frame.</summary>
    JuniperEthernet = 178,
    /// <summary>Solaris ipnet (24-byte header with the address family).</summary>
    IpNet = 226,
    /// <summary>Raw IPv6.</summary>
    Ipv6 = 229,
    /// <summary>Linux netfilter NFLOG.</summary>
    Nflog = 239,
    /// <summary>IP over InfiniBand (Linux pseudo-header).</summary>
    IpOverInfiniband = 242,
    /// <summary>Apple PKTAP: a metadata header naming the inner link type.</summary>
    Pktap = 258,
    /// <summary>Linux cooked capture, version 2.</summary>
    LinuxSll2 = 276,
}
