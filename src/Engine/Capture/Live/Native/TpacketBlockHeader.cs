using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>
/// The head of one TPACKET_V3 ring block: <c>struct tpacket_block_desc</c> with its <c>tpacket_hdr_v1</c>
/// (the fields up to the sequence number; the timestamps after it are not read).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketBlockHeader
{
    public uint Version;
    public uint OffsetToPrivate;
    /// <summary>Owner of the block: <see cref="Libc.TpStatusKernel"/> or, once retired, <see cref="Libc.TpStatusUser"/>.</summary>
    public uint BlockStatus;
    public uint PacketCount;
    public uint OffsetToFirstPacket;
    public uint BlockLength;
    public ulong SequenceNumber;
}
