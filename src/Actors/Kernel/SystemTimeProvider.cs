using System.Diagnostics;

namespace Weir.Actors.Kernel;

/// <summary>The real clocks: <see cref="DateTimeOffset.UtcNow"/> and <see cref="Stopwatch"/>.</summary>
public sealed class SystemTimeProvider : ITimeProvider
{
    private static readonly long s_start = Stopwatch.GetTimestamp();

    private SystemTimeProvider()
    {
    }

    /// <summary>The singleton.</summary>
    public static SystemTimeProvider Instance { get; } = new();

    /// <inheritdoc/>
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    /// <inheritdoc/>
    public TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(s_start);
}
