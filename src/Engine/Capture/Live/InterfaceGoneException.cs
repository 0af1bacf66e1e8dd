namespace Weir.Engine.Capture.Live;

/// <summary>
/// The interface being captured went down or was deleted. Distinct from other capture errors because the capture
/// actor supervises it: it restarts the source with back-off until the interface is back.
/// </summary>
public sealed class InterfaceGoneException : CaptureException
{
    /// <summary>Creates the exception.</summary>
    public InterfaceGoneException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InterfaceGoneException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public InterfaceGoneException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception naming the interface and what was observed.</summary>
    public InterfaceGoneException(string interfaceName, string reason, bool deleted)
        : base($"interface '{interfaceName}' {(deleted ? "was deleted" : "went down")} while capturing ({reason})")
    {
        InterfaceName = interfaceName;
        Deleted = deleted;
    }

    /// <summary>The interface that went away.</summary>
    public string? InterfaceName { get; }

    /// <summary>True when the interface no longer exists; false when it exists but is down.</summary>
    public bool Deleted { get; }
}
