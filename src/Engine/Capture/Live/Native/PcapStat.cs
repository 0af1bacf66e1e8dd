using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>libpcap's <c>struct pcap_stat</c> (cumulative since activation).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcapStat
{
    public uint Received;
    public uint Dropped;
    public uint InterfaceDropped;
}
