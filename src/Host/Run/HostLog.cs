using Weir.Actors.Kernel;

namespace Weir.Host.Run;

/// <summary>
/// The host's logger: subscribed to the event stream for <see cref="LogEvent"/>, it prints one line per event on
/// stderr (text or JSON) and keeps the last <see cref="Capacity"/> lines in a ring for <c>GET /log</c> and
/// <c>weir log peek</c>. It is a plain ref (not an actor) so it keeps logging while the actors shut down.
/// </summary>
public sealed class HostLog : IActorRef
{
    private readonly object _lock = new();
    private readonly LogLine[] _ring;
    private readonly TextWriter _output;
    private readonly bool _json;
    private readonly LogLevel _minimum;
    private long _count;

    /// <summary>Creates the logger.</summary>
    /// <param name="output">Where lines go (stderr in <c>weir run</c>).</param>
    /// <param name="json">One JSON object per line instead of text.</param>
    /// <param name="minimum">Lowest level printed and kept.</param>
    /// <param name="capacity">Lines kept in the ring.</param>
    public HostLog(TextWriter output, bool json, LogLevel minimum, int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _output = output;
        _json = json;
        _minimum = minimum;
        _ring = new LogLine[capacity];
        Path = ActorPath.Root("weir") / "system" / "host-log";
    }

    /// <summary>Lines the ring holds at most.</summary>
    public int Capacity => _ring.Length;

    /// <inheritdoc/>
    public ActorPath Path { get; }

    /// <summary>Raised after a line was recorded (for <c>log tail</c> streams); runs on the logging thread.</summary>
    public event Action<LogLine>? Logged;

    /// <inheritdoc/>
    public void Tell(object message, IActorRef? sender)
    {
        if (message is LogEvent e && e.Level >= _minimum)
        {
            string text = e.Cause is null ? e.Message?.ToString() ?? "" : $"{e.Message}: {e.Cause.GetType().Name}: {e.Cause.Message}";
            Write(new LogLine(e.Timestamp, LevelName(e.Level), e.LogSource, text));
        }
    }

    /// <summary>Records and prints a line from the host itself (not through the actor system).</summary>
    public void Write(string level, string source, string message) => Write(new LogLine(DateTimeOffset.UtcNow, level, source, message));

    /// <summary>The last <paramref name="n"/> lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Recent(int n)
    {
        lock (_lock)
        {
            int count = (int)Math.Min(Math.Min(n, _ring.Length), _count);
            var lines = new LogLine[Math.Max(count, 0)];
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] = _ring[(int)((_count - count + i) % _ring.Length)];
            }

            return lines;
        }
    }

    /// <inheritdoc/>
    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => Path.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Path.ToString();

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => "DEBUG",
        LogLevel.InfoLevel => "INFO",
        LogLevel.WarningLevel => "WARNING",
        _ => "ERROR",
    };

    private void Write(LogLine line)
    {
        lock (_lock)
        {
            _ring[(int)(_count % _ring.Length)] = line;
            _count++;
            _output.WriteLine(_json ? line.ToJson() : line.ToText());
            _output.Flush();
        }

        Logged?.Invoke(line);
    }
}
