using Weir.Engine.Query;

namespace Weir.Engine.Tests.Query;

public sealed class QueryTimeTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-30 10:00", "2026-11-30T10:00:00Z")]
    [InlineData("2026-11-30 10:00:30", "2026-11-30T10:00:30Z")]
    [InlineData("2026-11-30", "2026-11-30T00:00:00Z")]
    [InlineData("2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z")]
    [InlineData("2026-11-30T12:00:00+02:00", "2026-11-30T10:00:00Z")]
    [InlineData("2026-11-30T10:00:00.5Z", "2026-11-30T10:00:00.5Z")]
    [InlineData("1796032800", "2026-11-30T10:00:00Z")]
    [InlineData("-7d", "2026-11-24T12:00:00Z")]
    [InlineData("-2h30m", "2026-12-01T09:30:00Z")]
    [InlineData("-90s", "2026-12-01T11:58:30Z")]
    [InlineData("-1w", "2026-11-24T12:00:00Z")]
    public void ParseTime_AcceptedForms_GiveUtcInstant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), QueryTime.ParseTime(text, s_now));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("-7x")]
    [InlineData("")]
    [InlineData("-")]
    public void ParseTime_Garbage_Throws(string text)
    {
        FlowQueryException e = Assert.Throws<FlowQueryException>(() => QueryTime.ParseTime(text, s_now));
        Assert.Contains("bad time", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("2h30m", 9000)]
    [InlineData("1d", 86400)]
    public void ParseDuration_Units_GiveSeconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), QueryTime.ParseDuration(text));

    [Theory]
    [InlineData("0s")]
    [InlineData("5")]
    [InlineData("m")]
    public void ParseDuration_Invalid_Throws(string text) => Assert.Throws<FlowQueryException>(() => QueryTime.ParseDuration(text));
}
