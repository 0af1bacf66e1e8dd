namespace Weir.Actors.Kernel;

/// <summary>A log event on the <see cref="EventStream"/> (Akka's <c>LogEvent</c>); subclasses give the level.</summary>
public abstract class LogEvent : INotInfluenceReceiveTimeout, IDeadLetterSuppression
{
    /// <summary>Creates an event stamped with <paramref name="timestamp"/>.</summary>
    protected LogEvent(DateTimeOffset timestamp, string logSource, Type logClass, object message, Exception? cause)
    {
        Timestamp = timestamp;
        LogSource = logSource;
        LogClass = logClass;
        Message = message;
        Cause = cause;
        Thread = Environment.CurrentManagedThreadId;
    }

    /// <summary>When the event was logged (wall clock).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Who logged it: usually an actor path.</summary>
    public string LogSource { get; }

    /// <summary>The type that logged it.</summary>
    public Type LogClass { get; }

    /// <summary>The message (formatted text).</summary>
    public object Message { get; }

    /// <summary>The exception, for errors and warnings that carry one.</summary>
    public Exception? Cause { get; }

    /// <summary>The managed thread that logged it.</summary>
    public int Thread { get; }

    /// <summary>The severity.</summary>
    public abstract LogLevel Level { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string level = Level switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO",
            LogLevel.WarningLevel => "WARNING",
            _ => "ERROR",
        };
        string text = $"[{level}][{Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}][Thread {Thread:D4}][{LogSource}] {Message}";
        return Cause is null ? text : $"{text}{Environment.NewLine}Cause: {Cause}";
    }
}
