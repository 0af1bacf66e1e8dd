namespace Weir.Engine.Packets;

/// <summary>
/// Why a frame was not counted into a flow, or what was wrong with it. The numeric value is the stable code
/// operators and scripts see (<c>weir flows</c> issue counts, metrics labels); never renumber, only append.
/// <see cref="None"/> means the frame was counted.
/// </summary>
public enum ParseIssue : byte
{
    /// <summary>The frame was counted into a flow.</summary>
    None = 0,
    /// <summary>The frame carries no IP packet (ARP, STP, LLDP, an 802.11 management frame, …).</summary>
    NonIp = 1,
    /// <summary>The frame ends before the link-layer or IP header it announces is complete.</summary>
    Truncated = 2,
    /// <summary>The IP version nibble is neither 4 nor 6 (or disagrees with the link layer's ethertype).</summary>
    BadVersion = 3,
    /// <summary>The IPv4 header length (IHL) is below 5 words or beyond the captured bytes.</summary>
    BadHeaderLength = 4,
    /// <summary>The link-layer type is one Weir does not decode.</summary>
    UnsupportedLinkType = 5,
    /// <summary>A non-first IP fragment whose first fragment was not seen: counted without ports.</summary>
    OrphanFragment = 6,
    /// <summary>An IPv6 extension header chain that is malformed or longer than the walk limit.</summary>
    BadExtensionHeader = 7,
    /// <summary>An encapsulation Weir recognises but does not decode (for example MACsec, an unknown MPLS payload).</summary>
    UnsupportedEncapsulation = 8,
    /// <summary>The link layer is malformed (bad radiotap length, bad NFLOG TLV, bad PPPoE header).</summary>
    BadLinkHeader = 9,
    /// <summary>A frame Weir dropped because the local buffer was full during a rotation hand-over.</summary>
    LocalBufferFull = 10,
}
