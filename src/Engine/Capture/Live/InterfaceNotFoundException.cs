namespace Weir.Engine.Capture.Live;

/// <summary>The interface asked for does not exist (in this network namespace).</summary>
public sealed class InterfaceNotFoundException : CaptureException
{
    /// <summary>Creates the exception.</summary>
    public InterfaceNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InterfaceNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public InterfaceNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception naming the interface and some that do exist.</summary>
    public InterfaceNotFoundException(string interfaceName, IReadOnlyList<string> existing)
        : base(BuildMessage(interfaceName, existing))
    {
        InterfaceName = interfaceName;
        Existing = existing;
    }

    /// <summary>The name that was not found.</summary>
    public string? InterfaceName { get; }

    /// <summary>Names of interfaces that exist, for the operator to choose from.</summary>
    public IReadOnlyList<string> Existing { get; } = [];

    private static string BuildMessage(string interfaceName, IReadOnlyList<string> existing)
    {
        const int shown = 8;
        string list = existing.Count == 0
            ? "no interfaces are visible"
            : "existing: " + string.Join(", ", existing.Take(shown)) + (existing.Count > shown ? $", … ({existing.Count} in all)" : "");
        return $"interface '{interfaceName}' does not exist ({list}; see 'ip link')";
    }
}
