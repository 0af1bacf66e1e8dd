namespace Weir.Actors.Kernel;

/// <summary>A child and its restart count within the current retry window.</summary>
internal sealed class ChildRestartStats(LocalActorRef child)
{
    private int _retries;
    private TimeSpan? _windowStart;

    public LocalActorRef Child { get; } = child;

    /// <summary>
    /// Whether one more restart is allowed: -1 retries is unlimited, 0 none; without a window the count is over
    /// the child's life; with one, the window opens at the first restart and the count starts again once it
    /// has passed.
    /// </summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange, TimeSpan now)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        bool window = withinTimeRange is { } w && w > TimeSpan.Zero && w != Timeout.InfiniteTimeSpan;
        if (!window)
        {
            if (maxNrOfRetries < 0)
            {
                return true;
            }

            _retries++;
            return _retries <= maxNrOfRetries;
        }

        int limit = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        if (_windowStart is null || now - _windowStart.Value > withinTimeRange!.Value)
        {
            _windowStart = now;
            _retries = 1;
            return true;
        }

        _retries++;
        return _retries <= limit;
    }
}
