using System.Globalization;

namespace Weir.Actors.Kernel;

/// <summary>The <see cref="ILoggingAdapter"/> that publishes on a system's event stream.</summary>
internal sealed class BusLogging : ILoggingAdapter
{
    private readonly ActorSystem _system;
    private readonly string _source;
    private readonly Type _class;

    public BusLogging(ActorSystem system, string source, Type logClass)
    {
        _system = system;
        _source = source;
        _class = logClass;
    }

    public bool IsDebugEnabled => IsEnabled(LogLevel.DebugLevel);

    public bool IsInfoEnabled => IsEnabled(LogLevel.InfoLevel);

    public bool IsEnabled(LogLevel level) => level >= _system.Settings.LogLevel;

    public void Debug(string format, params object?[] args) => Log(LogLevel.DebugLevel, null, format, args);

    public void Info(string format, params object?[] args) => Log(LogLevel.InfoLevel, null, format, args);

    public void Warning(string format, params object?[] args) => Log(LogLevel.WarningLevel, null, format, args);

    public void Warning(Exception? cause, string format, params object?[] args) => Log(LogLevel.WarningLevel, cause, format, args);

    public void Error(string format, params object?[] args) => Log(LogLevel.ErrorLevel, null, format, args);

    public void Error(Exception? cause, string format, params object?[] args) => Log(LogLevel.ErrorLevel, cause, format, args);

    public void Log(LogLevel level, Exception? cause, string format, params object?[] args)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        string text = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format;
        var now = _system.TimeProvider.UtcNow;
        LogEvent e = level switch
        {
            LogLevel.DebugLevel => new Debug(now, _source, _class, text, cause),
            LogLevel.InfoLevel => new Info(now, _source, _class, text, cause),
            LogLevel.WarningLevel => new Warning(now, _source, _class, text, cause),
            _ => new Error(now, _source, _class, text, cause),
        };
        _system.EventStream.Publish(e);
    }
}
