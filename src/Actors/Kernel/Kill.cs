namespace Weir.Actors.Kernel;

/// <summary>Makes the actor throw <see cref="ActorKilledException"/> when processed; the default decider stops it.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The singleton.</summary>
    public static Kill Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "<Kill>";
}
