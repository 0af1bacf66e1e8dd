namespace Weir.Actors.Kernel;

/// <summary>An actor name is malformed or already used by a live sibling.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidActorNameException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public InvalidActorNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public InvalidActorNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
