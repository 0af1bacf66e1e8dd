using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>libpcap's <c>struct pcap_pkthdr</c> on 64-bit Linux (a <c>struct timeval</c> of two longs).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcapPacketHeader
{
    public long Seconds;
    /// <summary>Microseconds, or nanoseconds when the handle was set to nanosecond precision.</summary>
    public long Fraction;
    public uint CapturedLength;
    public uint Length;
}
