namespace Weir.Engine.Capture;

/// <summary>One pcapng interface description: its link type, snap length and timestamp scale.</summary>
/// <param name="LinkType">Link type of the interface's frames.</param>
/// <param name="SnapLength">Snap length (0: unlimited).</param>
/// <param name="TimestampResolution">Raw <c>if_tsresol</c>: 10^-n seconds, or 2^-n when the top bit is set.</param>
/// <param name="TimestampOffsetSeconds"><c>if_tsoffset</c>, seconds added to every timestamp.</param>
public readonly record struct PcapNgInterface(LinkType LinkType, uint SnapLength, byte TimestampResolution, long TimestampOffsetSeconds)
{
    /// <summary>Converts a raw timestamp in this interface's units to nanoseconds since the epoch.</summary>
    public long ToNanoseconds(ulong timestamp)
    {
        long offset = TimestampOffsetSeconds * 1_000_000_000L;
        if ((TimestampResolution & 0x80) != 0)
        {
            int shift = TimestampResolution & 0x7F;
            return (long)(ulong)((UInt128)timestamp * 1_000_000_000UL >> shift) + offset;
        }

        int digits = TimestampResolution;
        if (digits <= 9)
        {
            return (long)timestamp * Pow10(9 - digits) + offset;
        }

        return (long)(timestamp / (ulong)Pow10(digits - 9)) + offset;
    }

    private static long Pow10(int n)
    {
        long value = 1;
        for (int i = 0; i < n; i++)
        {
            value *= 10;
        }

        return value;
    }
}
