namespace Weir.Actors.Kernel;

/// <summary>Thrown by an actor that received Kill; the default decider stops it.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ActorKilledException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ActorKilledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ActorKilledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
