namespace Weir.Actors.Writeout;

/// <summary>Asks <c>/user/writeout</c> for <see cref="WriteoutStatus"/>.</summary>
public sealed class GetWriteoutStatus
{
    private GetWriteoutStatus()
    {
    }

    /// <summary>The singleton.</summary>
    public static GetWriteoutStatus Instance { get; } = new();
}
