namespace Weir.Engine.Synthetic;

/// <summary>
/// What <see cref="TrafficGenerator"/> makes. Every property has a default, so <c>new TrafficGeneratorOptions()</c>
/// is a small valid capture; the same options (seed included) always give the same bytes.
/// </summary>
public sealed record TrafficGeneratorOptions
{
    /// <summary>The default start time, 2026-01-01T00:00:00Z, in nanoseconds since the Unix epoch.</summary>
    public const long DefaultStartTimeNs = 1_767_225_600_000_000_000;

    /// <summary>Frames to generate in all (default 10 000).</summary>
    public long Packets { get; init; } = 10_000;

    /// <summary>
    /// Conversations open at any moment (default 1 000): each slot runs one connection or exchange to its end,
    /// then starts the next. More slots mean finer interleaving and more distinct flows.
    /// </summary>
    public int Flows { get; init; } = 1_000;

    /// <summary>Seed of the pseudo-random generator (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Share of conversations over IPv6, 0 to 1 (default 0.2).</summary>
    public double IPv6Share { get; init; } = 0.2;

    /// <summary>Share of conversations whose frames carry an 802.1Q VLAN tag, 0 to 1 (default 0.1).</summary>
    public double VlanShare { get; init; } = 0.1;

    /// <summary>
    /// Longest captured length (default 262 144, i.e. whole frames). A smaller value such as 96 makes a
    /// headers-only capture: frames are cut, their original length stays the full size.
    /// </summary>
    public int SnapLength { get; init; } = 262_144;

    /// <summary>Timestamp of the first frame, nanoseconds since the Unix epoch (default <see cref="DefaultStartTimeNs"/>).</summary>
    public long StartTimeNs { get; init; } = DefaultStartTimeNs;

    /// <summary>
    /// Average frame rate in packets per second (default 100 000, at most 1 000 000). Gaps between frames are
    /// exponential, in whole microseconds and at least one, so timestamps strictly increase even at
    /// microsecond resolution.
    /// </summary>
    public double PacketsPerSecond { get; init; } = 100_000;

    /// <summary>
    /// Whether frames carry a capture direction as if the capturing host were the client side: client-to-server
    /// frames <see cref="Capture.PacketDirection.Outbound"/>, server-to-client ones
    /// <see cref="Capture.PacketDirection.Inbound"/> (default false: unknown, as in classic pcap). pcapng files
    /// record it as <c>epb_flags</c>; classic pcap cannot.
    /// </summary>
    public bool MarkDirection { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range: its
    /// <see cref="ArgumentException.ParamName"/> is the property name and its message says the allowed range.
    /// </summary>
    public void Validate()
    {
        Check(Packets >= 0, nameof(Packets), Packets, "must not be negative");
        Check(Flows is >= 1 and <= 10_000_000, nameof(Flows), Flows, "must be between 1 and 10 000 000");
        Check(IPv6Share is >= 0 and <= 1, nameof(IPv6Share), IPv6Share, "must be between 0 and 1");
        Check(VlanShare is >= 0 and <= 1, nameof(VlanShare), VlanShare, "must be between 0 and 1");
        Check(SnapLength >= 1, nameof(SnapLength), SnapLength, "must be at least 1");
        Check(StartTimeNs >= 0, nameof(StartTimeNs), StartTimeNs, "must not be before 1970");
        Check(PacketsPerSecond is > 0 and <= 1_000_000, nameof(PacketsPerSecond), PacketsPerSecond, "must be above 0 and at most 1 000 000");
    }

    private static void Check(bool valid, string name, object value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{rule} (got {value})");
        }
    }
}
