using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct tpacket3_hdr</c>: the header of one packet inside a TPACKET_V3 block.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Tpacket3Header
{
    /// <summary>
    /// Offset of the <c>sockaddr_ll</c> that follows the header: <c>TPACKET_ALIGN(sizeof(struct tpacket3_hdr))</c>.
    /// </summary>
    public const int SockaddrOffset = 48;

    public uint NextOffset;
    public uint Seconds;
    public uint Nanoseconds;
    public uint SnapLength;
    public uint Length;
    public uint Status;
    public ushort MacOffset;
    public ushort NetOffset;
    public uint RxHash;
    public uint VlanTci;
    public ushort VlanTpid;
    public ushort Padding;
}
