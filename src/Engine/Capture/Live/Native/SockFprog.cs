using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary><c>struct sock_fprog</c>: a classic BPF program handed to <c>SO_ATTACH_FILTER</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockFprog
{
    public ushort Length;
    public BpfInstruction* Filter;
}
