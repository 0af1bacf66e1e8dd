namespace Weir.Actors.Capture;

/// <summary>
/// Rotates every interface now: each hands its interval to <c>/user/writeout</c>. The answer is
/// <see cref="RotateResult"/>, once every block was handed over (not yet written: ask writeout
/// <c>Flush</c> for that).
/// </summary>
public sealed class RotateNow
{
    private RotateNow()
    {
    }

    /// <summary>The singleton.</summary>
    public static RotateNow Instance { get; } = new();
}
