namespace Weir.Engine.Query;

/// <summary>
/// A query that cannot run as written: a bad condition (with the 1-based <see cref="Column"/> of the offending
/// token), a bad time, an unknown attribute. The CLI prints it as <c>weir: query: MESSAGE</c> with a caret line.
/// </summary>
public sealed class FlowQueryException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public FlowQueryException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public FlowQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public FlowQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception pointing at <paramref name="column"/> (1-based) of <paramref name="input"/>.</summary>
    public FlowQueryException(string message, string input, int column)
        : base($"{message} at column {column}")
    {
        Input = input;
        Column = column;
    }

    /// <summary>The text that failed to parse, when the error is in one.</summary>
    public string? Input { get; }

    /// <summary>1-based column of the error in <see cref="Input"/>; 0 when there is no position.</summary>
    public int Column { get; }

    /// <summary>The input and a caret under the error column (two lines), or an empty string.</summary>
    public string CaretLines() => Input is null || Column <= 0 ? "" : $"  {Input}\n  {new string(' ', Column - 1)}^";
}
