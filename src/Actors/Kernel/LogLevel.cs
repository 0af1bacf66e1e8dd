namespace Weir.Actors.Kernel;

/// <summary>Severity of a log event, lowest first (Akka's <c>Akka.Event.LogLevel</c>).</summary>
public enum LogLevel
{
    /// <summary>Diagnostic detail.</summary>
    DebugLevel,

    /// <summary>Normal operation worth recording.</summary>
    InfoLevel,

    /// <summary>Something unexpected that the system survived.</summary>
    WarningLevel,

    /// <summary>A failure.</summary>
    ErrorLevel,
}
