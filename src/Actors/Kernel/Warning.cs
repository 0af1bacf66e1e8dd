namespace Weir.Actors.Kernel;

/// <summary>A warning log event.</summary>
public sealed class Warning : LogEvent
{
    /// <summary>Creates the event.</summary>
    public Warning(DateTimeOffset timestamp, string logSource, Type logClass, object message, Exception? cause = null)
        : base(timestamp, logSource, logClass, message, cause)
    {
    }

    /// <inheritdoc/>
    public override LogLevel Level => LogLevel.WarningLevel;
}
