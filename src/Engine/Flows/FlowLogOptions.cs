namespace Weir.Engine.Flows;

/// <summary>Settings of a <see cref="FlowLog"/>, read once at construction.</summary>
public sealed record FlowLogOptions
{
    /// <summary>The defaults: 4 096 flows per address family before the first growth, capture direction used, 1 024 fragment entries living 30 s.</summary>
    public static FlowLogOptions Default { get; } = new();

    /// <summary>Flows each table (IPv4, IPv6) holds before it first grows; tables double beyond that.</summary>
    public int InitialCapacity { get; init; } = 4096;

    /// <summary>
    /// Whether a known capture direction orients a new flow that has no TCP-handshake or ICMP evidence
    /// (outbound: the packet's source is the client; inbound: its destination is). When false, or when the
    /// source does not record direction, port heuristics decide.
    /// </summary>
    public bool UseCaptureDirection { get; init; } = true;

    /// <summary>How many first fragments are remembered at most (older entries are replaced).</summary>
    public int FragmentCacheCapacity { get; init; } = 1024;

    /// <summary>How long a first fragment's ports are remembered, in nanoseconds (30 s, the Linux reassembly timeout).</summary>
    public long FragmentTimeoutNs { get; init; } = 30_000_000_000;
}
