namespace Weir.Engine.Capture.Live;

/// <summary>A compiled capture filter: the expression it came from and its classic BPF instructions.</summary>
public sealed class BpfProgram
{
    private readonly BpfInstruction[] _instructions;

    /// <summary>Creates a program from instructions (copied).</summary>
    public BpfProgram(string expression, LinkType linkType, int snapLength, ReadOnlySpan<BpfInstruction> instructions)
    {
        ArgumentNullException.ThrowIfNull(expression);
        Expression = expression;
        LinkType = linkType;
        SnapLength = snapLength;
        _instructions = instructions.ToArray();
    }

    /// <summary>The filter expression in pcap-filter(7) syntax.</summary>
    public string Expression { get; }

    /// <summary>The link type the program was compiled for; it must match the capture's.</summary>
    public LinkType LinkType { get; }

    /// <summary>Bytes an accepting instruction keeps of each packet.</summary>
    public int SnapLength { get; }

    /// <summary>The instructions, in order.</summary>
    public ReadOnlySpan<BpfInstruction> Instructions => _instructions;

    /// <inheritdoc />
    public override string ToString() => $"{Expression} ({_instructions.Length} instructions, {LinkType})";
}
