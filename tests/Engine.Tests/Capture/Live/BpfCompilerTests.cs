using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>The libpcap-backed filter compiler.</summary>
public sealed class BpfCompilerTests
{
    private static void RequireLibpcap() =>
        Requires.That(OperatingSystem.IsLinux() && BpfCompiler.IsAvailable, "needs libpcap (Debian package libpcap0.8)");

    [SkippableFact]
    public void Compile_UdpPortOnEthernet_EndsInAcceptOfSnapLengthAndReject()
    {
        RequireLibpcap();

        BpfProgram program = BpfCompiler.Compile("udp port 53", LinkType.Ethernet, 200);

        Assert.True(program.Instructions.Length > 4);
        Assert.Contains(program.Instructions.ToArray(), i => i == new BpfInstruction(BpfInstruction.ReturnConstant, 0, 0, 200));
        Assert.Contains(program.Instructions.ToArray(), i => i == new BpfInstruction(BpfInstruction.ReturnConstant, 0, 0, 0));
        Assert.Equal("udp port 53", program.Expression);
    }

    [SkippableFact]
    public void Compile_RawIpLinkType_LoadsTheVersionNibbleNotAnEthertype()
    {
        RequireLibpcap();

        BpfProgram ethernet = BpfCompiler.Compile("ip6", LinkType.Ethernet, 128);
        BpfProgram raw = BpfCompiler.Compile("ip6", LinkType.Raw, 128);

        // Ethernet: load the half-word at offset 12 (the EtherType); raw IP: load the first byte.
        Assert.Equal(new BpfInstruction(0x28, 0, 0, 12), ethernet.Instructions[0]);
        Assert.Equal(new BpfInstruction(0x30, 0, 0, 0), raw.Instructions[0]);
    }

    [SkippableTheory]
    [InlineData("udp port banana")]
    [InlineData("host")]
    [InlineData("tcp and (")]
    public void Compile_InvalidExpression_ThrowsWithLibpcapsMessageAndTheExpression(string expression)
    {
        RequireLibpcap();

        var e = Assert.Throws<BpfFilterException>(() => BpfCompiler.Compile(expression, LinkType.Ethernet, 128));

        Assert.Equal(expression, e.Expression);
        Assert.Contains(expression, e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(e.CompilerMessage));
    }
}
