namespace Weir.Engine.Flows;

/// <summary>
/// An address pair and protocol, in the order given (oriented) or with the lower address first (unordered).
/// Every key a packet can be counted under — its own and its reversed — has the packet's unordered pair, so
/// flows of different unordered pairs never affect each other's keying: the unit in which two logs of
/// consecutive parts of one capture are merged (see <see cref="FlowLog"/>'s merge).
/// </summary>
/// <param name="First">The source address (oriented) or the lower address (unordered).</param>
/// <param name="Second">The destination address (oriented) or the higher address (unordered).</param>
/// <param name="Protocol">IANA protocol number.</param>
/// <param name="IsIPv6">Whether the addresses are IPv6.</param>
internal readonly record struct FlowPair(UInt128 First, UInt128 Second, byte Protocol, bool IsIPv6)
{
    /// <summary>The pair of addresses <paramref name="a"/> and <paramref name="b"/> in either order.</summary>
    public static FlowPair Unordered(UInt128 a, UInt128 b, byte protocol, bool isIPv6) =>
        a <= b ? new(a, b, protocol, isIPv6) : new(b, a, protocol, isIPv6);

    /// <summary>The same pair oriented the other way.</summary>
    public FlowPair Reversed => new(Second, First, Protocol, IsIPv6);

    /// <summary>A 64-bit hash of the oriented pair (for sets where a collision is harmless).</summary>
    public ulong Hash
    {
        get
        {
            ulong h = FlowHash.Mix(0x9E3779B97F4A7C15UL ^ ((ulong)Protocol << 1) ^ (IsIPv6 ? 1UL : 0UL), (ulong)First);
            h = FlowHash.Mix(h, (ulong)(First >> 64));
            h = FlowHash.Mix(h, (ulong)Second);
            return FlowHash.Finish(FlowHash.Mix(h, (ulong)(Second >> 64)));
        }
    }

    /// <summary>This oriented pair without its orientation.</summary>
    public FlowPair WithoutOrientation => Unordered(First, Second, Protocol, IsIPv6);
}
