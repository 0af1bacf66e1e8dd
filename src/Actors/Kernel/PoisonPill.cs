namespace Weir.Actors.Kernel;

/// <summary>An ordinary message that stops the actor when it is processed: what was queued before it runs first.</summary>
public sealed class PoisonPill : IAutoReceivedMessage, IDeadLetterSuppression
{
    private PoisonPill()
    {
    }

    /// <summary>The singleton.</summary>
    public static PoisonPill Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "<PoisonPill>";
}
