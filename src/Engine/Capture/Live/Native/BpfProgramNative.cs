using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>libpcap's <c>struct bpf_program</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgramNative
{
    public uint Length;
    public BpfInstruction* Instructions;
}
