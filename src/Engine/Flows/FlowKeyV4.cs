using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weir.Engine.Flows;

/// <summary>
/// The 12-byte IPv4 flow key the flow table stores: source and destination address (as read in network byte
/// order into host integers), destination port and IP protocol. Converted to <see cref="FlowKey"/> only on output.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct FlowKeyV4 : IFlowTableKey<FlowKeyV4>
{
    /// <summary>Source address.</summary>
    public readonly uint Source;

    /// <summary>Destination address.</summary>
    public readonly uint Destination;

    /// <summary>Destination (server) port; 0 for protocols without ports.</summary>
    public readonly ushort DestinationPort;

    /// <summary>IANA protocol number.</summary>
    public readonly byte Protocol;

    /// <summary>Creates a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowKeyV4(uint source, uint destination, ushort destinationPort, byte protocol)
    {
        Source = source;
        Destination = destination;
        DestinationPort = destinationPort;
        Protocol = protocol;
    }

    /// <summary>The addresses as one word (source high), the unit both hashing and equality work on.</summary>
    private ulong Addresses
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((ulong)Source << 32) | Destination;
    }

    /// <summary>Port and protocol as one word.</summary>
    private uint PortProtocol
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((uint)DestinationPort << 8) | Protocol;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Hash(ulong seed) => FlowHash.Finish(FlowHash.Mix(seed, Addresses) ^ PortProtocol);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(FlowKeyV4 other) => Addresses == other.Addresses && PortProtocol == other.PortProtocol;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FlowKeyV4 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Hash(0);

    /// <inheritdoc />
    public FlowPair Pair => new(Source, Destination, Protocol, false);

    /// <inheritdoc />
    public FlowKey ToFlowKey() => FlowKey.FromIPv4(Source, Destination, DestinationPort, Protocol);

    /// <inheritdoc />
    public override string ToString() => ToFlowKey().ToString();
}
