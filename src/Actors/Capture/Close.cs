namespace Weir.Actors.Capture;

/// <summary>
/// Stops all capture: every interface is rotated one last time (its block handed to writeout) and its actor
/// stopped. The answer is <see cref="Closed"/>; <see cref="UpdateInterfaces"/> can start capture again.
/// </summary>
public sealed class Close
{
    private Close()
    {
    }

    /// <summary>The singleton.</summary>
    public static Close Instance { get; } = new();
}
