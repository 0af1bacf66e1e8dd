using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct packet_mreq</c>: a membership (promiscuous mode) request on an AF_PACKET socket.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PacketMreq
{
    public int InterfaceIndex;
    public ushort Type;
    public ushort AddressLength;
    public fixed byte Address[8];
}
