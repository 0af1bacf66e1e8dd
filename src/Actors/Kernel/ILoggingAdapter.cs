namespace Weir.Actors.Kernel;

/// <summary>Publishes log events on the <see cref="EventStream"/> (Akka's <c>ILoggingAdapter</c>); get one with <see cref="IActorContext.GetLogger"/>.</summary>
public interface ILoggingAdapter
{
    /// <summary>Whether debug events are published.</summary>
    bool IsDebugEnabled { get; }

    /// <summary>Whether info events are published.</summary>
    bool IsInfoEnabled { get; }

    /// <summary>Whether <paramref name="level"/> is published.</summary>
    bool IsEnabled(LogLevel level);

    /// <summary>Logs a debug message; <paramref name="format"/> uses <c>{0}</c> placeholders.</summary>
    void Debug(string format, params object?[] args);

    /// <summary>Logs an info message.</summary>
    void Info(string format, params object?[] args);

    /// <summary>Logs a warning.</summary>
    void Warning(string format, params object?[] args);

    /// <summary>Logs a warning with its cause.</summary>
    void Warning(Exception? cause, string format, params object?[] args);

    /// <summary>Logs an error.</summary>
    void Error(string format, params object?[] args);

    /// <summary>Logs an error with its cause.</summary>
    void Error(Exception? cause, string format, params object?[] args);

    /// <summary>Logs at <paramref name="level"/>.</summary>
    void Log(LogLevel level, Exception? cause, string format, params object?[] args);
}
