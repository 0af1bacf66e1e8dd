using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct tpacket_req3</c>: the shape of a TPACKET_V3 receive ring.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketReq3
{
    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
    public uint RetireBlockTimeoutMs;
    public uint SizeofPrivate;
    public uint FeatureRequestWord;
}
