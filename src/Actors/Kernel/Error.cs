namespace Weir.Actors.Kernel;

/// <summary>An error log event, usually with the exception.</summary>
public sealed class Error : LogEvent
{
    /// <summary>Creates the event.</summary>
    public Error(DateTimeOffset timestamp, string logSource, Type logClass, object message, Exception? cause = null)
        : base(timestamp, logSource, logClass, message, cause)
    {
    }

    /// <inheritdoc/>
    public override LogLevel Level => LogLevel.ErrorLevel;
}
