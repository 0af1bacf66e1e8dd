namespace Weir.TestKit;

/// <summary>TestKit timing (Akka's <c>akka.test.*</c>); every default is multiplied by <see cref="TimeFactor"/>.</summary>
public sealed record TestKitSettings
{
    /// <summary>Defaults; <c>WEIR_TEST_TIMEFACTOR</c> overrides the time factor (slow CI machines).</summary>
    public static TestKitSettings Default { get; } = new()
    {
        TimeFactor = double.TryParse(Environment.GetEnvironmentVariable("WEIR_TEST_TIMEFACTOR"), System.Globalization.CultureInfo.InvariantCulture, out double f) && f > 0 ? f : 1.0,
    };

    /// <summary>Multiplier of every duration (<c>akka.test.timefactor</c>).</summary>
    public double TimeFactor { get; init; } = 1.0;

    /// <summary>Default wait of an Expect outside <c>Within</c> (<c>single-expect-default</c>).</summary>
    public TimeSpan SingleExpectDefault { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Default wait of <c>ExpectNoMsg</c> outside <c>Within</c>.</summary>
    public TimeSpan ExpectNoMessageDefault { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an event filter waits for its events (<c>filter-leeway</c>).</summary>
    public TimeSpan FilterLeeway { get; init; } = TimeSpan.FromSeconds(3);
}
