using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// One classic BPF instruction, laid out as both libpcap's <c>struct bpf_insn</c> and Linux's
/// <c>struct sock_filter</c>, so compiled programs go to the kernel without conversion.
/// </summary>
/// <param name="Code">Opcode.</param>
/// <param name="JumpTrue">Jump offset when the condition holds.</param>
/// <param name="JumpFalse">Jump offset when it does not.</param>
/// <param name="K">Generic operand.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    /// <summary><c>BPF_RET | BPF_K</c>: return a constant (the number of bytes to keep; 0 drops the packet).</summary>
    public const ushort ReturnConstant = 0x06;

    /// <summary>An instruction that accepts every packet, truncated to <paramref name="snapLength"/> bytes.</summary>
    public static BpfInstruction Accept(int snapLength) => new(ReturnConstant, 0, 0, (uint)snapLength);
}
