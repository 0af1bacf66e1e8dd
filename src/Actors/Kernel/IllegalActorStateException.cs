namespace Weir.Actors.Kernel;

/// <summary>An actor API was used in a state that does not allow it (for example stashing one message twice).</summary>
public sealed class IllegalActorStateException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public IllegalActorStateException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public IllegalActorStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public IllegalActorStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
