namespace Weir.Engine.Storage;

/// <summary>
/// Per-column bounds of one block, kept in its metadata so that a query can prove a block holds no matching row
/// without reading it. Address bounds are numeric (IPv4 in the low 32 bits); a family with no rows has min &gt; max.
/// </summary>
public readonly record struct BlockSummary
{
    /// <summary>Smallest IPv4 source address.</summary>
    public uint SourceMin4 { get; init; }

    /// <summary>Largest IPv4 source address.</summary>
    public uint SourceMax4 { get; init; }

    /// <summary>Smallest IPv4 destination address.</summary>
    public uint DestinationMin4 { get; init; }

    /// <summary>Largest IPv4 destination address.</summary>
    public uint DestinationMax4 { get; init; }

    /// <summary>Smallest IPv6 source address.</summary>
    public UInt128 SourceMin6 { get; init; }

    /// <summary>Largest IPv6 source address.</summary>
    public UInt128 SourceMax6 { get; init; }

    /// <summary>Smallest IPv6 destination address.</summary>
    public UInt128 DestinationMin6 { get; init; }

    /// <summary>Largest IPv6 destination address.</summary>
    public UInt128 DestinationMax6 { get; init; }

    /// <summary>Smallest destination port.</summary>
    public ushort PortMin { get; init; }

    /// <summary>Largest destination port.</summary>
    public ushort PortMax { get; init; }

    /// <summary>Bit <c>p</c> of word <c>p / 64</c> is set when protocol <c>p</c> occurs in the block.</summary>
    public ProtocolSet Protocols { get; init; }
}
