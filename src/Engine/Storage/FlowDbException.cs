namespace Weir.Engine.Storage;

/// <summary>
/// A flow database operation failed: the disk is full, a file cannot be written, or another writer holds the
/// database. The message names the path; <see cref="Path"/> carries it for callers that report it separately.
/// </summary>
public sealed class FlowDbException : IOException
{
    /// <summary>Creates an exception without details.</summary>
    public FlowDbException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public FlowDbException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public FlowDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an operation on <paramref name="path"/>.</summary>
    public FlowDbException(string message, string path, Exception? innerException = null)
        : base($"{message}: {path}", innerException)
    {
        Path = path;
    }

    /// <summary>The file or directory the failed operation concerned, when known.</summary>
    public string? Path { get; }
}
