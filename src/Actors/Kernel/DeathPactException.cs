namespace Weir.Actors.Kernel;

/// <summary>An actor did not handle the Terminated of an actor it watched.</summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DeathPactException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DeathPactException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public DeathPactException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
