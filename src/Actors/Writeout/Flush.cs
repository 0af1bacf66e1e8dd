namespace Weir.Actors.Writeout;

/// <summary>Asks <c>/user/writeout</c> to answer <see cref="Flushed"/> once every block that arrived before this message is written.</summary>
public sealed class Flush
{
    private Flush()
    {
    }

    /// <summary>The singleton.</summary>
    public static Flush Instance { get; } = new();
}
