namespace Weir.Actors.Kernel;

/// <summary>
/// The kernel's settings, read once when the system starts (Akka's <c>Settings</c>). Plain and immutable on
/// purpose: the host maps HOCON (<c>akka.actor.*</c>, <c>akka.coordinated-shutdown.*</c>) onto it.
/// </summary>
public sealed record ActorSystemSettings
{
    /// <summary>The id of the default mailbox (<c>akka.actor.default-mailbox</c>).</summary>
    public const string DefaultMailboxId = "akka.actor.default-mailbox";

    /// <summary>The id of the default dispatcher (the shared thread pool).</summary>
    public const string DefaultDispatcherId = "akka.actor.default-dispatcher";

    /// <summary>The id of the pinned dispatcher: one dedicated thread per actor.</summary>
    public const string PinnedDispatcherId = "pinned";

    /// <summary>The defaults, as in Akka's <c>akka.conf</c>.</summary>
    public static ActorSystemSettings Default { get; } = new();

    /// <summary>Messages an actor processes per turn before its thread is handed back (<c>throughput</c>).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Resolution of the scheduler (<c>akka.scheduler.tick-duration</c>).</summary>
    public TimeSpan SchedulerTickDuration { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Lowest level that <see cref="ILoggingAdapter"/> publishes (<c>akka.loglevel</c>).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.InfoLevel;

    /// <summary>Whether log events are printed on standard output (turn off when another logger is attached).</summary>
    public bool StdoutLogger { get; init; } = true;

    /// <summary>How many dead letters are logged before logging is muted (<c>log-dead-letters</c>); 0 turns it off.</summary>
    public int LogDeadLetters { get; init; } = 10;

    /// <summary>How long dead-letter logging stays muted after <see cref="LogDeadLetters"/> were logged.</summary>
    public TimeSpan LogDeadLettersSuspendDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Named mailbox definitions; <see cref="DefaultMailboxId"/> must be present.</summary>
    public IReadOnlyDictionary<string, MailboxDefinition> Mailboxes { get; init; } =
        new Dictionary<string, MailboxDefinition> { [DefaultMailboxId] = new UnboundedMailbox() };

    /// <summary>Coordinated shutdown phases by name (<c>akka.coordinated-shutdown.phases</c>).</summary>
    public IReadOnlyDictionary<string, ShutdownPhaseDefinition> ShutdownPhases { get; init; } = CoordinatedShutdown.DefaultPhases;

    /// <summary>Timeout of a phase that does not name its own (<c>default-phase-timeout</c>).</summary>
    public TimeSpan DefaultPhaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <see cref="ActorSystem.Terminate"/> runs <see cref="CoordinatedShutdown"/> first.</summary>
    public bool RunCoordinatedShutdownOnTerminate { get; init; } = true;

    /// <summary>Whether <see cref="CoordinatedShutdown.Run"/> terminates the system in its last phase.</summary>
    public bool TerminateActorSystemOnShutdown { get; init; } = true;

    /// <summary>Returns a copy with one more named mailbox.</summary>
    public ActorSystemSettings WithMailbox(string id, MailboxDefinition definition)
    {
        var mailboxes = new Dictionary<string, MailboxDefinition>(Mailboxes) { [id] = definition };
        return this with { Mailboxes = mailboxes };
    }
}
