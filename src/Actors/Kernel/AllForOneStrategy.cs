namespace Weir.Actors.Kernel;

/// <summary>Restarts or stops every child when one fails; <see cref="Directive.Resume"/> resumes only the failed one.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>A strategy allowing <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>; over the limit all children are stopped.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled)
    {
    }

    /// <summary>A strategy with no restart limit.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    internal override void ProcessFailure(ActorCell parent, Directive directive, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        if (directive == Directive.Resume)
        {
            parent.ResumeChild(failed);
            return;
        }

        var now = parent.System.TimeProvider.MonotonicClock;
        bool restart = directive == Directive.Restart;
        if (restart)
        {
            foreach (var child in children)
            {
                restart &= child.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange, now);
            }
        }

        foreach (var child in children)
        {
            if (restart)
            {
                parent.RestartChild(child, cause, suspendFirst: !child.Child.Equals(failed.Child));
            }
            else
            {
                parent.StopChild(child);
            }
        }
    }
}
