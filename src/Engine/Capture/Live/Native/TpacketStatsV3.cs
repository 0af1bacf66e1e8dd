using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct tpacket_stats_v3</c>: kernel counters since the previous read (reading resets them).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketStatsV3
{
    /// <summary>Packets the socket saw, dropped ones included.</summary>
    public uint Packets;
    public uint Drops;
    public uint FreezeQueueCount;
}
