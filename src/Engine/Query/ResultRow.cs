using Weir.Engine.Flows;

namespace Weir.Engine.Query;

/// <summary>One result group: the values of the grouped attributes (others are zero / null) and its counters.</summary>
/// <param name="Source">Source address (when grouped by sip).</param>
/// <param name="Destination">Destination address (when grouped by dip).</param>
/// <param name="IsIPv6">Address family of the addresses.</param>
/// <param name="DestinationPort">Destination port (when grouped by dport).</param>
/// <param name="Protocol">IP protocol (when grouped by proto).</param>
/// <param name="Interface">Interface (when grouped by iface).</param>
/// <param name="Time">Start of the time bucket (when grouped by time).</param>
/// <param name="Counters">Sum of the group's flows.</param>
public sealed record ResultRow(UInt128 Source, UInt128 Destination, bool IsIPv6, ushort DestinationPort, byte Protocol,
    string? Interface, DateTimeOffset? Time, FlowCounters Counters);
