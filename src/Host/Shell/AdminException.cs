namespace Weir.Host.Shell;

/// <summary>An admin request failed; <see cref="Exception.Message"/> is the one-line error and <see cref="ExitCode"/> the status to exit with.</summary>
public sealed class AdminException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdminException() { }

    /// <summary>Creates the exception with a message (exit status 1).</summary>
    public AdminException(string message) : base(message) => ExitCode = 1;

    /// <summary>Creates the exception with a message and a cause (exit status 1).</summary>
    public AdminException(string message, Exception innerException) : base(message, innerException) => ExitCode = 1;

    /// <summary>Creates the exception with a message and an exit status.</summary>
    public AdminException(string message, int exitCode) : base(message) => ExitCode = exitCode;

    /// <summary>The process exit status for this failure.</summary>
    public int ExitCode { get; } = 1;
}
