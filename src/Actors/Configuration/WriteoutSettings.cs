namespace Weir.Actors.Configuration;

/// <summary><c>weir.writeout</c>.</summary>
/// <param name="RetryMin"><c>retry-min</c>: first delay before retrying a failed write.</param>
/// <param name="RetryMax"><c>retry-max</c>: longest delay between retries.</param>
/// <param name="MaxRestarts"><c>max-restarts</c> within <paramref name="RestartWindow"/> before the actor stops and alerts.</param>
/// <param name="RestartWindow"><c>restart-window</c>.</param>
public sealed record WriteoutSettings(TimeSpan RetryMin, TimeSpan RetryMax, int MaxRestarts, TimeSpan RestartWindow)
{
    internal static WriteoutSettings FromConfig(Config writeout)
    {
        var min = ConfigChecks.Duration(writeout, "retry-min", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        var max = ConfigChecks.Duration(writeout, "retry-max", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        if (max < min)
        {
            throw writeout.Error("retry-max", $"must not be less than retry-min ({ConfigChecks.Show(min)}), got {ConfigChecks.Show(max)}");
        }

        return new WriteoutSettings(
            min,
            max,
            ConfigChecks.Int(writeout, "max-restarts", 0, 1000),
            ConfigChecks.Duration(writeout, "restart-window", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
    }
}
