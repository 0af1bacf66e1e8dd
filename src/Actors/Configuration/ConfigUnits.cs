using System.Globalization;

namespace Weir.Actors.Configuration;

/// <summary>
/// HOCON's duration, size and boolean formats. Units are case-sensitive. A duration without a unit is
/// milliseconds; a size without a unit is bytes. <c>K</c>, <c>Ki</c>, <c>KiB</c> are 1024 but <c>kB</c> is 1000;
/// <c>MiB</c> is 2²⁰ but <c>MB</c> is 10⁶.
/// </summary>
public static class ConfigUnits
{
    private static readonly Dictionary<string, decimal> s_durationUnits = BuildDurationUnits();
    private static readonly Dictionary<string, decimal> s_sizeUnits = BuildSizeUnits();

    /// <summary>
    /// Parses <c>100ms</c>, <c>5 s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>, <c>1.5 seconds</c>, a bare number
    /// (milliseconds) or, when <paramref name="allowInfinite"/>, <c>infinite</c>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    public static bool TryParseDuration(string text, bool allowInfinite, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var trimmed = text.Trim();
        if (trimmed == "infinite")
        {
            duration = Timeout.InfiniteTimeSpan;
            return allowInfinite;
        }

        if (!TrySplit(trimmed, out var number, out var unit))
        {
            return false;
        }

        decimal ticksPerUnit;
        if (unit.Length == 0)
        {
            ticksPerUnit = TimeSpan.TicksPerMillisecond;
        }
        else if (!s_durationUnits.TryGetValue(unit, out ticksPerUnit))
        {
            return false;
        }

        try
        {
            var ticks = decimal.Round(number * ticksPerUnit, MidpointRounding.AwayFromZero);
            if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
            {
                return false;
            }

            duration = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses <c>64MiB</c>, <c>64MB</c>, <c>8 K</c>, <c>1.5 GiB</c>, <c>512</c> (bytes) into a byte count.</summary>
    public static bool TryParseByteSize(string text, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        if (!TrySplit(text.Trim(), out var number, out var unit))
        {
            return false;
        }

        decimal factor = 1;
        if (unit.Length > 0 && !s_sizeUnits.TryGetValue(unit, out factor))
        {
            return false;
        }

        try
        {
            var value = number * factor;
            if (value < 0 || value > long.MaxValue || value != decimal.Truncate(value))
            {
                return false;
            }

            bytes = (long)value;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses <c>on</c>/<c>off</c>, <c>true</c>/<c>false</c>, <c>yes</c>/<c>no</c> (lower case).</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim())
        {
            case "on" or "true" or "yes":
                value = true;
                return true;
            case "off" or "false" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TrySplit(string text, out decimal number, out string unit)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        var numberText = text[..i];
        unit = text[i..].Trim();
        return decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out number) && unit.All(char.IsAsciiLetter);
    }

    private static Dictionary<string, decimal> BuildDurationUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    private static Dictionary<string, decimal> BuildSizeUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] binaryLetters = ["K", "M", "G", "T", "P", "E"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa"];
        decimal binary = 1, ten = 1;
        for (var i = 0; i < binaryLetters.Length; i++)
        {
            binary *= 1024;
            ten *= 1000;
            var letter = binaryLetters[i];
            foreach (var name in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = binary;
            }

            // The SI prefix for 1000 is a lower-case k; the others are upper case.
            var si = (i == 0 ? "k" : letter) + "B";
            foreach (var name in new[] { si, decimalNames[i] + "byte", decimalNames[i] + "bytes" })
            {
                units[name] = ten;
            }
        }

        return units;
    }
}
