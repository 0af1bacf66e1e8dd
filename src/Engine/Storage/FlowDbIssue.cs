namespace Weir.Engine.Storage;

/// <summary>A part of the database that a reader detected as damaged and skipped; the rest of the answer stands.</summary>
/// <param name="Kind">What was wrong.</param>
/// <param name="Path">The file concerned.</param>
/// <param name="Interface">The interface, when known.</param>
/// <param name="Day">The UTC day, when known.</param>
/// <param name="BlockStart">Start of the skipped block, when one block was skipped (null: the whole day or file).</param>
/// <param name="Message">A one-line description for operators.</param>
public sealed record FlowDbIssue(FlowDbIssueKind Kind, string Path, string? Interface, DateOnly? Day, DateTimeOffset? BlockStart, string Message)
{
    /// <summary><c>message: path</c>, the CLI's error shape.</summary>
    public override string ToString() => $"{Message}: {Path}";
}
