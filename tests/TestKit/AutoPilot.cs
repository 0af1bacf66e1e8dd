using Weir.Actors.Kernel;

namespace Weir.TestKit;

/// <summary>Answers messages for a test actor as they arrive (they are still queued for the Expect methods).</summary>
public abstract class AutoPilot
{
    /// <summary>Keeps the current pilot.</summary>
    public static AutoPilot KeepRunning { get; } = new DelegateAutoPilot((_, _) => null!);

    /// <summary>Turns the pilot off.</summary>
    public static AutoPilot NoAutoPilot { get; } = new DelegateAutoPilot((_, _) => null!);

    /// <summary>Handles one message; returns the pilot for the next one (<see cref="KeepRunning"/> or <see cref="NoAutoPilot"/>).</summary>
    public abstract AutoPilot Run(IActorRef sender, object message);
}

/// <summary>An <see cref="AutoPilot"/> from a delegate.</summary>
public sealed class DelegateAutoPilot(Func<IActorRef, object, AutoPilot> run) : AutoPilot
{
    /// <inheritdoc/>
    public override AutoPilot Run(IActorRef sender, object message) => run(sender, message);
}
