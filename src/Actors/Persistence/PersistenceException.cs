namespace Weir.Actors.Persistence;

/// <summary>The persistence store failed: cannot connect, a write conflicted, or the schema could not be created.</summary>
public class PersistenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PersistenceException() { }

    /// <summary>Creates the exception with a message.</summary>
    public PersistenceException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the provider's error.</summary>
    public PersistenceException(string message, Exception innerException) : base(message, innerException) { }
}
