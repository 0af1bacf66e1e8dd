using System.Globalization;

namespace Weir.Engine.Storage;

/// <summary>
/// Names and places of the database's files: <c>ROOT/IFACE/YYYY-MM-DD/{sip,dip,dport,proto,bytes_rcvd,bytes_sent,pkts_rcvd,pkts_sent}.col</c>
/// with <c>blocks.meta</c> beside them, and <c>ROOT/IFACE/days.summary</c> with the totals of every day.
/// </summary>
internal static class FlowDbLayout
{
    /// <summary>Number of columns.</summary>
    public const int ColumnCount = 8;

    /// <summary>The block metadata of a day.</summary>
    public const string MetaFileName = "blocks.meta";

    /// <summary>The day totals of an interface.</summary>
    public const string SummaryFileName = "days.summary";

    /// <summary>Held exclusively (flock) by the one writer of a database.</summary>
    public const string LockFileName = ".writer.lock";

    /// <summary>Prefix of a day directory being deleted by retention.</summary>
    public const string DeletingPrefix = ".deleting-";

    /// <summary>Suffix of a file being written before its atomic rename.</summary>
    public const string TempSuffix = ".tmp";

    private static readonly string[] s_columnFiles =
        ["sip.col", "dip.col", "dport.col", "proto.col", "bytes_rcvd.col", "bytes_sent.col", "pkts_rcvd.col", "pkts_sent.col"];

    /// <summary>File name of column <paramref name="index"/> (bit index in <see cref="FlowColumns"/>).</summary>
    public static string ColumnFileName(int index) => s_columnFiles[index];

    /// <summary>Directory name of a day.</summary>
    public static string DayName(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Parses a day directory name.</summary>
    public static bool TryParseDay(string name, out DateOnly day) =>
        DateOnly.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>Whether <paramref name="name"/> can be an interface directory (no separators, not hidden).</summary>
    public static bool IsValidInterfaceName(string name) =>
        name.Length is > 0 and <= 64 && !name.StartsWith('.') && name.IndexOfAny(['/', '\\', '\0']) < 0;

    /// <summary>The UTC day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    /// <summary>Start of a UTC day.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public static long ToNs(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>An instant from nanoseconds since the Unix epoch.</summary>
    public static DateTimeOffset FromNs(long ns) => new(DateTimeOffset.UnixEpoch.UtcTicks + (ns / 100), TimeSpan.Zero);
}
