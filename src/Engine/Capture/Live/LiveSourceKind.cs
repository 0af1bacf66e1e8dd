namespace Weir.Engine.Capture.Live;

/// <summary>Which kernel interface a live capture uses.</summary>
public enum LiveSourceKind
{
    /// <summary>AF_PACKET when it can be opened, libpcap otherwise.</summary>
    Auto = 0,
    /// <summary>An AF_PACKET socket with a TPACKET_V3 ring read in place (zero-copy).</summary>
    AfPacket = 1,
    /// <summary>A libpcap live handle (needs <c>libpcap0.8</c>).</summary>
    Pcap = 2,
}
