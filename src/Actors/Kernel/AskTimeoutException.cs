namespace Weir.Actors.Kernel;

/// <summary>An ask got no reply before its deadline.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AskTimeoutException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
