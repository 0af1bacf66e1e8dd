using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weir.Engine.Flows;

/// <summary>
/// The IPv6 flow key the flow table stores: two 16-byte addresses held as four 64-bit words (big-endian
/// numbers, as in <see cref="FlowKey"/>), destination port and IP protocol. Converted to <see cref="FlowKey"/>
/// only on output. Packed to 2 (36 bytes) so that an IPv6 slot is 88 bytes with its counters 8-byte aligned.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal readonly struct FlowKeyV6 : IFlowTableKey<FlowKeyV6>
{
    /// <summary>High 64 bits of the source address.</summary>
    public readonly ulong SourceHigh;

    /// <summary>Low 64 bits of the source address.</summary>
    public readonly ulong SourceLow;

    /// <summary>High 64 bits of the destination address.</summary>
    public readonly ulong DestinationHigh;

    /// <summary>Low 64 bits of the destination address.</summary>
    public readonly ulong DestinationLow;

    /// <summary>Destination (server) port; 0 for protocols without ports.</summary>
    public readonly ushort DestinationPort;

    /// <summary>IANA protocol number.</summary>
    public readonly byte Protocol;

    /// <summary>Creates a key from the address words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowKeyV6(ulong sourceHigh, ulong sourceLow, ulong destinationHigh, ulong destinationLow, ushort destinationPort, byte protocol)
    {
        SourceHigh = sourceHigh;
        SourceLow = sourceLow;
        DestinationHigh = destinationHigh;
        DestinationLow = destinationLow;
        DestinationPort = destinationPort;
        Protocol = protocol;
    }

    /// <summary>Creates a key from 128-bit addresses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowKeyV6(UInt128 source, UInt128 destination, ushort destinationPort, byte protocol)
        : this((ulong)(source >> 64), (ulong)source, (ulong)(destination >> 64), (ulong)destination, destinationPort, protocol)
    {
    }

    /// <summary>Port and protocol as one word.</summary>
    private uint PortProtocol
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((uint)DestinationPort << 8) | Protocol;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Hash(ulong seed)
    {
        ulong h = FlowHash.Mix(seed, SourceHigh);
        h = FlowHash.Mix(h, SourceLow);
        h = FlowHash.Mix(h, DestinationHigh);
        h = FlowHash.Mix(h, DestinationLow);
        return FlowHash.Finish(h ^ PortProtocol);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(FlowKeyV6 other) =>
        ((SourceLow ^ other.SourceLow) | (DestinationLow ^ other.DestinationLow) |
         (SourceHigh ^ other.SourceHigh) | (DestinationHigh ^ other.DestinationHigh)) == 0 &&
        PortProtocol == other.PortProtocol;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FlowKeyV6 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Hash(0);

    /// <inheritdoc />
    public FlowPair Pair => new(new UInt128(SourceHigh, SourceLow), new UInt128(DestinationHigh, DestinationLow), Protocol, true);

    /// <inheritdoc />
    public FlowKey ToFlowKey() =>
        new(new UInt128(SourceHigh, SourceLow), new UInt128(DestinationHigh, DestinationLow), DestinationPort, Protocol, isIPv6: true);

    /// <inheritdoc />
    public override string ToString() => ToFlowKey().ToString();
}
