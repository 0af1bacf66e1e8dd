namespace Weir.Actors.Kernel;

/// <summary>A debug log event.</summary>
public sealed class Debug : LogEvent
{
    /// <summary>Creates the event.</summary>
    public Debug(DateTimeOffset timestamp, string logSource, Type logClass, object message, Exception? cause = null)
        : base(timestamp, logSource, logClass, message, cause)
    {
    }

    /// <inheritdoc/>
    public override LogLevel Level => LogLevel.DebugLevel;
}
