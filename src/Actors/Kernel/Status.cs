namespace Weir.Actors.Kernel;

/// <summary>Generic reply messages (Akka's <c>Status</c>); a <see cref="Failure"/> faults an ask.</summary>
public static class Status
{
    /// <summary>Success, with an optional value.</summary>
    /// <param name="State">The value.</param>
    public sealed record Success(object? State);

    /// <summary>Failure with its cause; an ask that gets it faults with <paramref name="Cause"/>.</summary>
    /// <param name="Cause">What went wrong.</param>
    /// <param name="State">Optional extra value.</param>
    public sealed record Failure(Exception Cause, object? State = null);
}
