namespace Weir.Engine.Capture;

/// <summary>
/// A capture source failed: a corrupt or truncated file, a missing interface, a socket error. The message
/// names what went wrong and where (file and byte offset, interface name).
/// </summary>
public class CaptureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CaptureException() { }

    /// <summary>Creates the exception with a message naming what went wrong and where.</summary>
    public CaptureException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CaptureException(string message, Exception innerException) : base(message, innerException) { }
}
