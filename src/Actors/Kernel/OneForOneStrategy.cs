namespace Weir.Actors.Kernel;

/// <summary>Applies the directive to the failed child only (the default).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>A strategy allowing <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>; over the limit the child is stopped.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled)
    {
    }

    /// <summary>A strategy with no restart limit.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    internal override void ProcessFailure(ActorCell parent, Directive directive, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        switch (directive)
        {
            case Directive.Resume:
                parent.ResumeChild(failed);
                break;
            case Directive.Restart when failed.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange, parent.System.TimeProvider.MonotonicClock):
                parent.RestartChild(failed, cause, suspendFirst: false);
                break;
            default:
                parent.StopChild(failed);
                break;
        }
    }
}
