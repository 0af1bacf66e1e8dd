namespace Weir.Actors.Configuration;

/// <summary>
/// Where a configuration value was written: the file (or origin name given to
/// <see cref="ConfigurationFactory.ParseString(string, string?, bool)"/>) and the 1-based line; for syntax errors
/// also the 1-based column. A line of 0 means the value did not come from text (an environment variable).
/// </summary>
/// <param name="Name">The file path or origin name, as given by the caller (<c>config/akka.hocon</c>).</param>
/// <param name="Line">The 1-based line, or 0 when the value came from elsewhere.</param>
/// <param name="Column">The 1-based column, or 0 when not tracked.</param>
public sealed record ConfigOrigin(string Name, int Line, int Column = 0)
{
    /// <summary>The origin of a value taken from the environment variable <paramref name="variable"/>.</summary>
    public static ConfigOrigin Environment(string variable) => new($"environment variable {variable}", 0);

    /// <summary><c>file:line</c> (or <c>file:line:column</c> when the column is known; the bare name when there is no line).</summary>
    public override string ToString() =>
        Line <= 0 ? Name : Column > 0 ? $"{Name}:{Line}:{Column}" : $"{Name}:{Line}";

    /// <summary>The same origin without the column (values are reported by line).</summary>
    public ConfigOrigin WithoutColumn() => Column == 0 ? this : this with { Column = 0 };
}
