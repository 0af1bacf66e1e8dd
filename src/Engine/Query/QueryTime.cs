using System.Globalization;

namespace Weir.Engine.Query;

/// <summary>Parses the times and durations of a query: absolute (<c>2026-11-30 10:00</c>, RFC 3339), epoch seconds,
/// or relative to now (<c>-7d</c>, <c>-2h30m</c>); all absolute times without an offset are UTC.</summary>
public static class QueryTime
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz",
    ];

    /// <summary>Parses a point in time.</summary>
    /// <exception cref="FlowQueryException">The text is none of the accepted forms.</exception>
    public static DateTimeOffset ParseTime(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length > 1 && (t[0] == '-' || t[0] == '+') && !char.IsDigit(t[^1]) && TryParseDuration(t.AsSpan(1), out TimeSpan rel))
        {
            return t[0] == '-' ? now - rel : now + rel;
        }

        if (t.Length > 0 && t.All(char.IsDigit) && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            if (epoch > 253402300799)
            {
                throw Bad(text);
            }

            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        if (DateTimeOffset.TryParseExact(t, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset exact))
        {
            return exact;
        }

        if (t.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset rfc))
        {
            return rfc;
        }

        throw Bad(text);
    }

    /// <summary>Parses a duration such as <c>7d</c>, <c>2h30m</c>, <c>90s</c>, <c>1w</c>.</summary>
    /// <exception cref="FlowQueryException">The text is not a duration.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseDuration(text.AsSpan().Trim(), out TimeSpan d) && d > TimeSpan.Zero
            ? d
            : throw new FlowQueryException($"bad duration '{text}' (e.g. 5m, 1h, 2h30m, 7d)");
    }

    /// <summary>Parses a sequence of NUMBER UNIT pairs (w, d, h, m, s).</summary>
    public static bool TryParseDuration(ReadOnlySpan<char> s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (s.IsEmpty)
        {
            return false;
        }

        while (!s.IsEmpty)
        {
            int digits = 0;
            while (digits < s.Length && char.IsDigit(s[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == s.Length || digits > 9)
            {
                return false;
            }

            long n = long.Parse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            TimeSpan unit = char.ToLowerInvariant(s[digits]) switch
            {
                'w' => TimeSpan.FromDays(7),
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return false;
            }

            duration += unit * n;
            s = s[(digits + 1)..];
        }

        return true;
    }

    private static FlowQueryException Bad(string text) =>
        new($"bad time '{text}' (use '2026-11-30 10:00', RFC 3339, epoch seconds, or relative like -7d, -2h30m)");
}
