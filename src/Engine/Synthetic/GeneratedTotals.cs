namespace Weir.Engine.Synthetic;

/// <summary>Totals of one generated capture. Byte counts are original frame lengths, link header included.</summary>
/// <param name="Packets">Frames written.</param>
/// <param name="Bytes">Sum of original frame lengths (what a flow log's byte counters must add up to).</param>
/// <param name="CapturedBytes">Sum of captured lengths (less than <paramref name="Bytes"/> when the snap length cut frames).</param>
/// <param name="Flows">Distinct flows (keys without source port), as in <see cref="GeneratedTruth.Flows"/>.</param>
/// <param name="Connections">Conversations begun: TCP connections, UDP exchanges and streams, echo sessions (each has its own source port or echo id).</param>
/// <param name="IPv6Packets">Frames carrying IPv6.</param>
/// <param name="VlanPackets">Frames carrying an 802.1Q tag.</param>
/// <param name="TcpPackets">TCP frames.</param>
/// <param name="UdpPackets">UDP frames.</param>
/// <param name="IcmpPackets">ICMP and ICMPv6 frames.</param>
/// <param name="FirstTimestampNs">Timestamp of the first frame (0 when there is none).</param>
/// <param name="LastTimestampNs">Timestamp of the last frame (0 when there is none).</param>
public readonly record struct GeneratedTotals(
    long Packets,
    long Bytes,
    long CapturedBytes,
    int Flows,
    long Connections,
    long IPv6Packets,
    long VlanPackets,
    long TcpPackets,
    long UdpPackets,
    long IcmpPackets,
    long FirstTimestampNs,
    long LastTimestampNs);
