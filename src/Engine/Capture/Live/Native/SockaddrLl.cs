using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct sockaddr_ll</c> (<c>linux/if_packet.h</c>): the link-level address of an AF_PACKET socket.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockaddrLl
{
    /// <summary>Byte offset of <see cref="PacketType"/> inside the struct, as read straight from the ring.</summary>
    public const int PacketTypeOffset = 10;

    public ushort Family;
    public ushort Protocol;
    public int InterfaceIndex;
    public ushort HardwareType;
    public byte PacketType;
    public byte AddressLength;
    public fixed byte Address[8];
}
