namespace Weir.Actors.Kernel;

/// <summary>How a <see cref="BackoffSupervisor"/> runs its child; build with <see cref="Backoff.OnFailure"/> or <see cref="Backoff.OnStop"/>.</summary>
public sealed record BackoffOptions
{
    internal BackoffOptions(bool onFailure, Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ArgumentException.ThrowIfNullOrEmpty(childName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        ArgumentOutOfRangeException.ThrowIfNegative(randomFactor);
        OnFailureMode = onFailure;
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
        ResetBackoff = minBackoff;
    }

    /// <summary>True for <see cref="Backoff.OnFailure"/>: restart after a failure; false: restart after any stop.</summary>
    public bool OnFailureMode { get; }

    /// <summary>The child's props.</summary>
    public Props ChildProps { get; }

    /// <summary>The child's name.</summary>
    public string ChildName { get; }

    /// <summary>The first delay.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>The largest delay before jitter.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Jitter: the delay is multiplied by <c>1 + random·RandomFactor</c>.</summary>
    public double RandomFactor { get; }

    /// <summary>How long the child must run for the count to reset; <c>null</c> means manual reset only (<see cref="BackoffSupervisor.Reset"/>).</summary>
    public TimeSpan? ResetBackoff { get; init; }

    /// <summary>What the supervisor answers while the child is down; <c>null</c> sends messages to dead letters.</summary>
    public object? ReplyWhileStopped { get; init; }

    /// <summary>Restarts allowed before the supervisor gives up and stops; -1 is unlimited.</summary>
    public int MaxNrOfRetries { get; init; } = -1;

    /// <summary>The decider for child failures (<see cref="SupervisorStrategy.DefaultDecider"/> by default): Restart means "restart after the backoff".</summary>
    public Func<Exception, Directive> Decider { get; init; } = SupervisorStrategy.DefaultDecider;

    /// <summary>Resets the count after <paramref name="resetBackoff"/> of stable running.</summary>
    public BackoffOptions WithAutoReset(TimeSpan resetBackoff) => this with { ResetBackoff = resetBackoff };

    /// <summary>Resets the count only on <see cref="BackoffSupervisor.Reset"/>.</summary>
    public BackoffOptions WithManualReset() => this with { ResetBackoff = null };

    /// <summary>Answers <paramref name="reply"/> to messages that arrive while the child is down.</summary>
    public BackoffOptions WithReplyWhileStopped(object reply) => this with { ReplyWhileStopped = reply };

    /// <summary>Gives up after <paramref name="maxNrOfRetries"/> restarts.</summary>
    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries) => this with { MaxNrOfRetries = maxNrOfRetries };

    /// <summary>Uses the decider of <paramref name="strategy"/> for child failures.</summary>
    public BackoffOptions WithSupervisorStrategy(SupervisorStrategy strategy) => this with { Decider = (strategy ?? throw new ArgumentNullException(nameof(strategy))).Decider };
}
