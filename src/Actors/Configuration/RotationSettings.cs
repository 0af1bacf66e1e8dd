namespace Weir.Actors.Configuration;

/// <summary><c>weir.rotation</c>.</summary>
/// <param name="Interval"><c>interval</c>: flow logs rotate on wall-clock multiples of this; whole seconds, 1s..1d.</param>
public sealed record RotationSettings(TimeSpan Interval)
{
    internal static RotationSettings FromConfig(Config rotation)
    {
        var interval = ConfigChecks.Duration(rotation, "interval", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return interval.Ticks % TimeSpan.TicksPerSecond == 0
            ? new RotationSettings(interval)
            : throw rotation.Error("interval", $"must be a whole number of seconds, got {ConfigChecks.Show(interval)}");
    }
}
