namespace Weir.Host.Run;

/// <summary>One structured log event as the host prints and keeps it.</summary>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Level">DEBUG, INFO, WARNING or ERROR.</param>
/// <param name="Source">Who logged it (an actor path or a component name).</param>
/// <param name="Message">The text, with the cause appended when there is one.</param>
public sealed record LogLine(DateTimeOffset Time, string Level, string Source, string Message)
{
    /// <summary><c>2026-12-01T22:30:00.123Z INFO [source] message</c>.</summary>
    public string ToText() => $"{Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Level,-7} [{Source}] {Message}";

    /// <summary>One JSON object: <c>{"time":…,"level":…,"source":…,"message":…}</c>.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new
    {
        time = Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        level = Level,
        source = Source,
        message = Message,
    });
}
