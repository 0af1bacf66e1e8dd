using Weir.Actors.Configuration;
using Weir.Actors.Kernel;

namespace Weir.Host.Run;

/// <summary>Maps the HOCON-read <see cref="KernelSettings"/> (<c>akka.*</c>) onto the kernel's plain <see cref="ActorSystemSettings"/>.</summary>
public static class KernelSettingsAdapter
{
    /// <summary>
    /// The kernel settings for <paramref name="kernel"/>. Mailboxes are registered under both their short id
    /// (<c>capture-mailbox</c>) and their full id (<c>akka.actor.capture-mailbox</c>), so <c>Props.WithMailbox</c> takes either.
    /// </summary>
    /// <param name="kernel">The settings read from the effective configuration.</param>
    /// <param name="stdoutLogger">Whether the kernel prints log events itself (off when the host attaches its own logger).</param>
    public static ActorSystemSettings ToActorSystemSettings(KernelSettings kernel, bool stdoutLogger = false)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var mailboxes = new Dictionary<string, MailboxDefinition>(StringComparer.Ordinal);
        foreach (var (id, m) in kernel.Mailboxes)
        {
            MailboxDefinition definition = m.Bounded ? new BoundedMailbox(m.Capacity, m.PushTimeout) : new UnboundedMailbox();
            mailboxes[id] = definition;
            mailboxes["akka.actor." + id] = definition;
        }

        var phases = new Dictionary<string, ShutdownPhaseDefinition>(StringComparer.Ordinal);
        foreach (var p in kernel.CoordinatedShutdown.Phases)
        {
            phases[p.Name] = new ShutdownPhaseDefinition(p.DependsOn, p.Timeout, p.Recover);
        }

        return new ActorSystemSettings
        {
            Throughput = kernel.DefaultMailbox.Throughput,
            SchedulerTickDuration = kernel.SchedulerTickDuration,
            LogLevel = ToLogLevel(kernel.LogLevel),
            StdoutLogger = stdoutLogger,
            LogDeadLetters = kernel.LogDeadLetters,
            LogDeadLettersSuspendDuration = kernel.LogDeadLettersSuspendDuration,
            Mailboxes = mailboxes,
            ShutdownPhases = phases,
            DefaultPhaseTimeout = kernel.CoordinatedShutdown.DefaultPhaseTimeout,
            RunCoordinatedShutdownOnTerminate = kernel.CoordinatedShutdown.RunByActorSystemTerminate,
            TerminateActorSystemOnShutdown = kernel.CoordinatedShutdown.TerminateActorSystem,
        };
    }

    /// <summary>The kernel level for an <c>akka.loglevel</c> value; OFF maps to the highest level (errors only).</summary>
    public static LogLevel ToLogLevel(string level) => level switch
    {
        "DEBUG" => LogLevel.DebugLevel,
        "INFO" => LogLevel.InfoLevel,
        "WARNING" => LogLevel.WarningLevel,
        _ => LogLevel.ErrorLevel,
    };
}
