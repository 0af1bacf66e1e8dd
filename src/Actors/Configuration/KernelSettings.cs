namespace Weir.Actors.Configuration;

/// <summary>The actor kernel's settings (<c>akka.*</c>).</summary>
/// <param name="LogLevel"><c>akka.loglevel</c>: OFF, ERROR, WARNING, INFO or DEBUG (upper case).</param>
/// <param name="StdoutLogLevel"><c>akka.stdout-loglevel</c>, same values.</param>
/// <param name="LogDeadLetters"><c>akka.log-dead-letters</c>: how many to log before muting (0: none; <see cref="int.MaxValue"/>: all).</param>
/// <param name="LogDeadLettersSuspendDuration"><c>akka.log-dead-letters-suspend-duration</c> (<see cref="Timeout.InfiniteTimeSpan"/>: stay muted).</param>
/// <param name="CreationTimeout"><c>akka.actor.creation-timeout</c>.</param>
/// <param name="Mailboxes">Every <c>akka.actor.*-mailbox</c> object, by id (<c>default-mailbox</c>, <c>capture-mailbox</c>, …).</param>
/// <param name="SchedulerTickDuration"><c>akka.scheduler.tick-duration</c>.</param>
/// <param name="CoordinatedShutdown"><c>akka.coordinated-shutdown</c>.</param>
public sealed record KernelSettings(
    string LogLevel,
    string StdoutLogLevel,
    int LogDeadLetters,
    TimeSpan LogDeadLettersSuspendDuration,
    TimeSpan CreationTimeout,
    IReadOnlyDictionary<string, MailboxSettings> Mailboxes,
    TimeSpan SchedulerTickDuration,
    CoordinatedShutdownSettings CoordinatedShutdown)
{
    private static readonly string[] s_levels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    /// <summary><c>akka.actor.default-mailbox</c>.</summary>
    public MailboxSettings DefaultMailbox => Mailboxes["default-mailbox"];

    /// <summary>The mailbox <c>Props.WithMailbox(id)</c> names: <c>capture-mailbox</c> or <c>akka.actor.capture-mailbox</c>.</summary>
    /// <exception cref="ConfigurationException">No such mailbox is configured.</exception>
    public MailboxSettings GetMailbox(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var key = id.StartsWith("akka.actor.", StringComparison.Ordinal) ? id["akka.actor.".Length..] : id;
        return Mailboxes.TryGetValue(key, out var mailbox)
            ? mailbox
            : throw new ConfigurationException($"akka.actor.{key}: no such mailbox is configured (known: {string.Join(", ", Mailboxes.Keys)})", $"akka.actor.{key}", null);
    }

    internal static KernelSettings FromConfig(Config akka)
    {
        var logDeadLetters = akka.GetStringStrict("log-dead-letters").Trim() switch
        {
            "on" or "true" or "yes" => int.MaxValue,
            "off" or "false" or "no" => 0,
            _ => ConfigChecks.Int(akka, "log-dead-letters", 0, int.MaxValue),
        };

        var actor = akka.GetConfigStrict("actor");
        var mailboxes = new Dictionary<string, MailboxSettings>(StringComparer.Ordinal);
        foreach (var key in actor.GetKeys())
        {
            if (key.EndsWith("-mailbox", StringComparison.Ordinal))
            {
                mailboxes[key] = MailboxSettings.FromConfig(key, actor.GetConfigStrict(HoconPath.RenderSegment(key)));
            }
        }

        if (!mailboxes.ContainsKey("default-mailbox"))
        {
            actor.GetConfigStrict("default-mailbox");
        }

        return new KernelSettings(
            ConfigChecks.OneOf(akka, "loglevel", s_levels),
            ConfigChecks.OneOf(akka, "stdout-loglevel", s_levels),
            logDeadLetters,
            ConfigChecks.DurationOrInfinite(akka, "log-dead-letters-suspend-duration", TimeSpan.Zero),
            ConfigChecks.Duration(actor, "creation-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
            mailboxes,
            ConfigChecks.Duration(akka, "scheduler.tick-duration", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)),
            CoordinatedShutdownSettings.FromConfig(akka.GetConfigStrict("coordinated-shutdown")));
    }
}
