namespace Weir.Engine.Capture;

/// <summary>
/// A capture file is corrupt or truncated. <see cref="Exception.Message"/> reads
/// <c>&lt;reason&gt;: &lt;file&gt; at byte offset &lt;offset&gt;</c>, so the CLI can print it after <c>weir: </c>.
/// Frames delivered before the error stay delivered.
/// </summary>
public sealed class CaptureFileException : CaptureException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> at byte <paramref name="offset"/>.</summary>
    /// <param name="reason">What is wrong, without the location (for example <c>truncated record header</c>).</param>
    /// <param name="filePath">The capture file.</param>
    /// <param name="offset">Byte offset in the file of the record or block that is wrong.</param>
    public CaptureFileException(string reason, string filePath, long offset)
        : base($"{reason}: {filePath} at byte offset {offset}")
    {
        Reason = reason;
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>Creates the exception with an underlying I/O cause.</summary>
    public CaptureFileException(string reason, string filePath, long offset, Exception innerException)
        : base($"{reason}: {filePath} at byte offset {offset}", innerException)
    {
        Reason = reason;
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The capture file.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset in the file of the record or block that is wrong.</summary>
    public long Offset { get; }
}
