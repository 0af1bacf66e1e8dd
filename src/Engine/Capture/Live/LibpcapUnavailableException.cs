namespace Weir.Engine.Capture.Live;

/// <summary>
/// Something needed libpcap (a capture filter, the libpcap live source) and it is not installed; the message names
/// the Debian package to install (<c>libpcap0.8</c>). AF_PACKET capture without a filter does not need it.
/// </summary>
public sealed class LibpcapUnavailableException : CaptureException
{
    /// <summary>Creates the exception.</summary>
    public LibpcapUnavailableException() { }

    /// <summary>Creates the exception with a message.</summary>
    public LibpcapUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public LibpcapUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
