using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class ConfigUnitsTests
{
    [Theory]
    // a bare number is milliseconds
    [InlineData("500", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("0", 0L)]
    [InlineData("100ms", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5 s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1h", TimeSpan.TicksPerHour)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("30d", 30 * TimeSpan.TicksPerDay)]
    [InlineData("1.5s", 15 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("1500ns", 15L)]
    [InlineData("10us", 100L)]
    [InlineData("10 seconds", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("3 minutes", 3 * TimeSpan.TicksPerMinute)]
    [InlineData("2 hours", 2 * TimeSpan.TicksPerHour)]
    [InlineData("7 days", 7 * TimeSpan.TicksPerDay)]
    [InlineData("250 millis", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("250 milliseconds", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("4 micros", 40L)]
    [InlineData("200 nanos", 2L)]
    public void TryParseDuration_Valid_Parses(string text, long ticks)
    {
        Assert.True(ConfigUnits.TryParseDuration(text, allowInfinite: false, out var value));
        Assert.Equal(TimeSpan.FromTicks(ticks), value);
    }

    [Theory]
    // units are case-sensitive
    [InlineData("5S")]
    [InlineData("5MS")]
    [InlineData("1D")]
    // unknown unit
    [InlineData("5 fortnights")]
    // no number
    [InlineData("fast")]
    [InlineData("s")]
    [InlineData("")]
    // junk after the unit
    [InlineData("5s5")]
    // two units
    [InlineData("1h 30m")]
    // too large for a TimeSpan
    [InlineData("99999999999999d")]
    // infinite when not allowed
    [InlineData("infinite")]
    public void TryParseDuration_Invalid_Fails(string text)
    {
        Assert.False(ConfigUnits.TryParseDuration(text, allowInfinite: false, out _));
    }

    [Fact]
    public void TryParseDuration_InfiniteAllowed_IsInfiniteTimeSpan()
    {
        Assert.True(ConfigUnits.TryParseDuration("infinite", allowInfinite: true, out var value));
        Assert.Equal(Timeout.InfiniteTimeSpan, value);
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("512B", 512L)]
    [InlineData("512 bytes", 512L)]
    [InlineData("1K", 1024L)]
    [InlineData("1k", 1024L)]
    [InlineData("1Ki", 1024L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("1 kibibytes", 1024L)]
    // kB is the SI kilobyte
    [InlineData("1kB", 1000L)]
    [InlineData("1 kilobyte", 1000L)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("64M", 64L << 20)]
    [InlineData("64 Mi", 64L << 20)]
    [InlineData("64MB", 64_000_000L)]
    [InlineData("8 megabytes", 8_000_000L)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("1.5KiB", 1536L)]
    public void TryParseByteSize_Valid_Parses(string text, long bytes)
    {
        Assert.True(ConfigUnits.TryParseByteSize(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    // units are case-sensitive: KB, mb and kib are not units
    [InlineData("1KB")]
    [InlineData("1mb")]
    [InlineData("1kib")]
    // a fraction of a byte
    [InlineData("1.5")]
    // negative
    [InlineData("-1K")]
    // no number
    [InlineData("MiB")]
    [InlineData("big")]
    // overflow
    [InlineData("100000EiB")]
    public void TryParseByteSize_Invalid_Fails(string text)
    {
        Assert.False(ConfigUnits.TryParseByteSize(text, out _));
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public void TryParseBoolean_Valid_Parses(string text, bool expected)
    {
        Assert.True(ConfigUnits.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    // case-sensitive
    [InlineData("ON")]
    [InlineData("True")]
    // numbers are not booleans
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("enabled")]
    public void TryParseBoolean_Invalid_Fails(string text)
    {
        Assert.False(ConfigUnits.TryParseBoolean(text, out _));
    }
}
