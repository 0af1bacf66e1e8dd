namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture.backoff</c>: restart back-off of a failed capture actor (<c>Backoff.OnFailure</c>).</summary>
/// <param name="Min"><c>min</c>: first delay, and the stable run after which the count resets.</param>
/// <param name="Max"><c>max</c>: longest delay.</param>
/// <param name="RandomFactor"><c>random-factor</c>: jitter, 0..1.</param>
public sealed record BackoffSettings(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    internal static BackoffSettings FromConfig(Config backoff)
    {
        var min = ConfigChecks.Duration(backoff, "min", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        var max = ConfigChecks.Duration(backoff, "max", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        if (max < min)
        {
            throw backoff.Error("max", $"must not be less than min ({ConfigChecks.Show(min)}), got {ConfigChecks.Show(max)}");
        }

        return new BackoffSettings(min, max, ConfigChecks.Double(backoff, "random-factor", 0, 1));
    }
}
