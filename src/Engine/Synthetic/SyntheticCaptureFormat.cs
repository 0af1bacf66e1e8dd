namespace Weir.Engine.Synthetic;

/// <summary>The file format <c>TrafficGenerator.WriteCapture</c> writes.</summary>
public enum SyntheticCaptureFormat
{
    /// <summary>Classic pcap, little-endian, microsecond timestamps.</summary>
    Pcap,

    /// <summary>Classic pcap, little-endian, nanosecond timestamps.</summary>
    PcapNanoseconds,

    /// <summary>pcapng: one section, one Ethernet interface with <c>if_tsresol</c> 6 (microseconds).</summary>
    PcapNg,
}
