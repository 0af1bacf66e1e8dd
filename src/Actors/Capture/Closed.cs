namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="Close"/>.</summary>
public sealed class Closed
{
    private Closed()
    {
    }

    /// <summary>The singleton.</summary>
    public static Closed Instance { get; } = new();
}
