namespace Weir.Actors.Kernel;

/// <summary>A bounded stash is full.</summary>
public sealed class StashOverflowException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public StashOverflowException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public StashOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public StashOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
