namespace Weir.Actors.Configuration;

/// <summary>
/// A string, number or boolean as text (HOCON keeps every scalar as text; the getters decide the type), or the
/// whitespace between two parts of a value concatenation.
/// </summary>
internal sealed class HoconTextNode(ConfigOrigin origin, string text, bool quoted, bool whitespace = false) : HoconNode(origin)
{
    /// <summary>The text, escapes decoded.</summary>
    public string Text { get; } = text;

    /// <summary>Whether the text was written in quotes.</summary>
    public bool Quoted { get; } = quoted;

    /// <summary>Whether this is whitespace between concatenated values (kept only in string concatenations).</summary>
    public bool IsWhitespace { get; } = whitespace;
}
