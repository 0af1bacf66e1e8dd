namespace Weir.Actors.Kernel;

/// <summary>A result without data, as returned by <see cref="CoordinatedShutdown"/> tasks (Akka's <c>Done</c>).</summary>
public sealed class Done
{
    private Done()
    {
    }

    /// <summary>The singleton.</summary>
    public static Done Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "Done";
}
