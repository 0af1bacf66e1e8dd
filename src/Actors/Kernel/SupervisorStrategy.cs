namespace Weir.Actors.Kernel;

/// <summary>How a parent handles a failing child (Akka's <c>SupervisorStrategy</c>).</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy with <paramref name="decider"/>.</summary>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled)
    {
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider ?? throw new ArgumentNullException(nameof(decider));
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Initialization, kill and death-pact exceptions stop the child; anything else restarts it.</summary>
    public static Func<Exception, Directive> DefaultDecider { get; } = static e => e switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one with <see cref="DefaultDecider"/> and no restart limit.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(-1, null, DefaultDecider);

    /// <summary>Stops the child on any exception.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>Maps an exception to a directive; inside it <c>Sender</c> is the failing child.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>: -1 unlimited, 0 none.</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>The retry window; <c>null</c> counts over the child's life.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Whether failures are logged as errors.</summary>
    public bool LoggingEnabled { get; }

    internal Directive Decide(Exception cause) => Decider(cause);

    internal abstract void ProcessFailure(ActorCell parent, Directive directive, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children);
}
