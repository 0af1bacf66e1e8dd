using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Flows;

/// <summary>
/// The identity of a flow as goProbe keys it: source address, destination address, destination port and IP
/// protocol (no source port). Addresses are held as 128-bit big-endian numbers so that ordering and CIDR
/// matching are arithmetic; an IPv4 address sits in the low 32 bits with <see cref="IsIPv6"/> false.
/// </summary>
public readonly struct FlowKey : IEquatable<FlowKey>, IComparable<FlowKey>
{
    private readonly ulong _sourceHigh;
    private readonly ulong _sourceLow;
    private readonly ulong _destinationHigh;
    private readonly ulong _destinationLow;

    /// <summary>Creates a key from numeric addresses.</summary>
    public FlowKey(UInt128 source, UInt128 destination, ushort destinationPort, byte protocol, bool isIPv6)
    {
        _sourceHigh = (ulong)(source >> 64);
        _sourceLow = (ulong)source;
        _destinationHigh = (ulong)(destination >> 64);
        _destinationLow = (ulong)destination;
        DestinationPort = destinationPort;
        Protocol = protocol;
        IsIPv6 = isIPv6;
    }

    /// <summary>Creates an IPv4 key from addresses as read in network byte order into host integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowKey FromIPv4(uint source, uint destination, ushort destinationPort, byte protocol) =>
        new(source, destination, destinationPort, protocol, isIPv6: false);

    /// <summary>Creates an IPv6 key from two 16-byte addresses in network byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowKey FromIPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ushort destinationPort, byte protocol) =>
        new(BinaryPrimitives.ReadUInt128BigEndian(source), BinaryPrimitives.ReadUInt128BigEndian(destination),
            destinationPort, protocol, isIPv6: true);

    /// <summary>Source address as a big-endian number (IPv4 in the low 32 bits).</summary>
    public UInt128 Source => new(_sourceHigh, _sourceLow);

    /// <summary>Destination address as a big-endian number (IPv4 in the low 32 bits).</summary>
    public UInt128 Destination => new(_destinationHigh, _destinationLow);

    /// <summary>Destination port (0 for protocols without ports).</summary>
    public ushort DestinationPort { get; }

    /// <summary>IANA protocol number of the transport above the outermost IP header.</summary>
    public byte Protocol { get; }

    /// <summary>Whether the addresses are IPv6.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The source address as an <see cref="IPAddress"/> (allocates; for output, not hot paths).</summary>
    public IPAddress SourceAddress => ToIPAddress(Source, IsIPv6);

    /// <summary>The destination address as an <see cref="IPAddress"/> (allocates; for output, not hot paths).</summary>
    public IPAddress DestinationAddress => ToIPAddress(Destination, IsIPv6);

    /// <summary>Converts a numeric address to an <see cref="IPAddress"/>.</summary>
    public static IPAddress ToIPAddress(UInt128 address, bool isIPv6)
    {
        if (!isIPv6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)address);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, address);
        return new IPAddress(v6);
    }

    /// <inheritdoc />
    public bool Equals(FlowKey other) =>
        _sourceLow == other._sourceLow && _destinationLow == other._destinationLow &&
        _sourceHigh == other._sourceHigh && _destinationHigh == other._destinationHigh &&
        DestinationPort == other.DestinationPort && Protocol == other.Protocol && IsIPv6 == other.IsIPv6;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(_sourceHigh, _sourceLow, _destinationHigh, _destinationLow, DestinationPort, Protocol, IsIPv6);

    /// <summary>Orders IPv4 before IPv6, then by source, destination, port and protocol (the stored row order).</summary>
    public int CompareTo(FlowKey other)
    {
        int c = IsIPv6.CompareTo(other.IsIPv6);
        if (c != 0) return c;
        c = Source.CompareTo(other.Source);
        if (c != 0) return c;
        c = Destination.CompareTo(other.Destination);
        if (c != 0) return c;
        c = DestinationPort.CompareTo(other.DestinationPort);
        return c != 0 ? c : Protocol.CompareTo(other.Protocol);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(FlowKey left, FlowKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FlowKey left, FlowKey right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(FlowKey left, FlowKey right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(FlowKey left, FlowKey right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(FlowKey left, FlowKey right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(FlowKey left, FlowKey right) => left.CompareTo(right) >= 0;

    /// <summary><c>10.0.0.1 -> 10.0.0.2:443/6</c>, IPv6 addresses in brackets.</summary>
    public override string ToString()
    {
        string s = IsIPv6 ? $"[{SourceAddress}]" : SourceAddress.ToString();
        string d = IsIPv6 ? $"[{DestinationAddress}]" : DestinationAddress.ToString();
        return $"{s} -> {d}:{DestinationPort}/{Protocol}";
    }
}
