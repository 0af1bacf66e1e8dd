using System.Net;
using Weir.Engine.Flows;

namespace Weir.Engine.Synthetic;

/// <summary>
/// Traffic between two addresses regardless of direction, port or protocol: what a query grouped by the
/// unordered pair of hosts reports. <see cref="AddressA"/> is the numerically smaller address.
/// </summary>
/// <param name="AddressA">The smaller address, as a big-endian number (IPv4 in the low 32 bits).</param>
/// <param name="AddressB">The larger address.</param>
/// <param name="IsIPv6">Whether the addresses are IPv6.</param>
/// <param name="Bytes">Bytes both ways (original frame lengths, link header included).</param>
/// <param name="Packets">Packets both ways.</param>
/// <param name="Flows">Flows between the two (either may be the client).</param>
public readonly record struct IpPairTotals(UInt128 AddressA, UInt128 AddressB, bool IsIPv6, ulong Bytes, ulong Packets, int Flows)
{
    /// <summary><see cref="AddressA"/> as an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress A => FlowKey.ToIPAddress(AddressA, IsIPv6);

    /// <summary><see cref="AddressB"/> as an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress B => FlowKey.ToIPAddress(AddressB, IsIPv6);
}
