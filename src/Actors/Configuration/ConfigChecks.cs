using System.Globalization;

namespace Weir.Actors.Configuration;

/// <summary>Strict reads with range checks for the settings types; every error names the key, file and line.</summary>
internal static class ConfigChecks
{
    public static int Int(Config config, string path, int min, int max)
    {
        var value = config.GetIntStrict(path);
        return value >= min && value <= max
            ? value
            : throw config.Error(path, $"must be between {min} and {max}, got {value}");
    }

    public static long Size(Config config, string path, long min, long max)
    {
        var value = config.GetByteSizeStrict(path);
        return value >= min && value <= max
            ? value
            : throw config.Error(path, $"must be between {Bytes(min)} and {Bytes(max)}, got {Bytes(value)}");
    }

    /// <summary>A finite duration in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static TimeSpan Duration(Config config, string path, TimeSpan min, TimeSpan max)
    {
        var value = config.GetTimeSpanStrict(path, allowInfinite: false);
        return value >= min && value <= max
            ? value
            : throw config.Error(path, $"must be between {Show(min)} and {Show(max)}, got {Show(value)}");
    }

    /// <summary>A duration in [<paramref name="min"/>, ∞), <c>infinite</c> allowed (returned as <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public static TimeSpan DurationOrInfinite(Config config, string path, TimeSpan min)
    {
        var value = config.GetTimeSpanStrict(path, allowInfinite: true);
        return value == Timeout.InfiniteTimeSpan || value >= min
            ? value
            : throw config.Error(path, $"must be at least {Show(min)} (or infinite), got {Show(value)}");
    }

    public static double Double(Config config, string path, double min, double max)
    {
        var value = config.GetDoubleStrict(path);
        return value >= min && value <= max
            ? value
            : throw config.Error(path, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>One of <paramref name="allowed"/> (compared ignoring case), returned as written in <paramref name="allowed"/>.</summary>
    public static string OneOf(Config config, string path, params string[] allowed)
    {
        var value = config.GetStringStrict(path);
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw config.Error(path, $"must be one of {string.Join(", ", allowed)}, got {HoconRenderer.Quote(value)}");
    }

    public static string NonEmpty(Config config, string path)
    {
        var value = config.GetStringStrict(path);
        return value.Length > 0 ? value : throw config.Error(path, "must not be empty");
    }

    /// <summary>A duration as HOCON would write it back (<c>300s</c>, <c>100ms</c>).</summary>
    public static string Show(TimeSpan value)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return "infinite";
        }

        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerSecond}s";
        }

        return value.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? $"{value.Ticks / TimeSpan.TicksPerMillisecond}ms"
            : $"{value.Ticks * 100}ns";
    }

    private static string Bytes(long value) =>
        value >= 1 << 20 && value % (1 << 20) == 0 ? $"{value >> 20}MiB"
        : value >= 1024 && value % 1024 == 0 ? $"{value >> 10}KiB"
        : value.ToString(CultureInfo.InvariantCulture);
}
