namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture.source</c>: which capture mechanism to use.</summary>
public enum CaptureSourceKind
{
    /// <summary>AF_PACKET when available, else libpcap.</summary>
    Auto,

    /// <summary>Linux AF_PACKET TPACKET_V3 ring.</summary>
    AfPacket,

    /// <summary>libpcap live handle.</summary>
    Pcap,
}
