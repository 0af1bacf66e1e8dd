namespace Weir.Engine.Capture.Live;

/// <summary>A capture filter expression did not compile (or the kernel refused the program).</summary>
public sealed class BpfFilterException : CaptureException
{
    /// <summary>Creates the exception.</summary>
    public BpfFilterException() { }

    /// <summary>Creates the exception with a message.</summary>
    public BpfFilterException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public BpfFilterException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from the compiler's message and the expression it rejected.</summary>
    public BpfFilterException(string expression, string compilerMessage, bool fromKernel)
        : base($"bad capture filter '{expression}': {compilerMessage}{(fromKernel ? " (refused by the kernel)" : "")}")
    {
        Expression = expression;
        CompilerMessage = compilerMessage;
    }

    /// <summary>The expression that failed.</summary>
    public string? Expression { get; }

    /// <summary>libpcap's (or the kernel's) message.</summary>
    public string? CompilerMessage { get; }
}
