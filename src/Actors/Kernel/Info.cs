namespace Weir.Actors.Kernel;

/// <summary>An info log event.</summary>
public sealed class Info : LogEvent
{
    /// <summary>Creates the event.</summary>
    public Info(DateTimeOffset timestamp, string logSource, Type logClass, object message, Exception? cause = null)
        : base(timestamp, logSource, logClass, message, cause)
    {
    }

    /// <inheritdoc/>
    public override LogLevel Level => LogLevel.InfoLevel;
}
