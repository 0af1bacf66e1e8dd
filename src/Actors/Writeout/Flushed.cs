namespace Weir.Actors.Writeout;

/// <summary>The answer to <see cref="Flush"/>.</summary>
public sealed class Flushed
{
    private Flushed()
    {
    }

    /// <summary>The singleton.</summary>
    public static Flushed Instance { get; } = new();
}
