namespace Weir.Actors.Configuration;

/// <summary>A mailbox definition under <c>akka.actor</c> (<c>default-mailbox</c>, <c>capture-mailbox</c>, …).</summary>
/// <param name="Id">The key under <c>akka.actor</c> that <c>Props.WithMailbox(id)</c> names.</param>
/// <param name="Bounded">Whether <c>mailbox-type = bounded</c>.</param>
/// <param name="Capacity"><c>mailbox-capacity</c>: messages a bounded mailbox holds.</param>
/// <param name="PushTimeout"><c>mailbox-push-timeout-time</c>: how long a sender to a full bounded mailbox blocks (zero: never).</param>
/// <param name="Throughput"><c>throughput</c>: messages handled per turn.</param>
public sealed record MailboxSettings(string Id, bool Bounded, int Capacity, TimeSpan PushTimeout, int Throughput)
{
    internal static MailboxSettings FromConfig(string id, Config mailbox) => new(
        id,
        ConfigChecks.OneOf(mailbox, "mailbox-type", "unbounded", "bounded") == "bounded",
        ConfigChecks.Int(mailbox, "mailbox-capacity", 1, 100_000_000),
        ConfigChecks.Duration(mailbox, "mailbox-push-timeout-time", TimeSpan.Zero, TimeSpan.FromHours(1)),
        ConfigChecks.Int(mailbox, "throughput", 1, 1_000_000));
}
