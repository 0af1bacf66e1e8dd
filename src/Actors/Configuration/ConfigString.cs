namespace Weir.Actors.Configuration;

/// <summary>
/// A resolved scalar. HOCON keeps numbers, booleans, durations and sizes as text; the <see cref="Config"/> getters
/// decide the type when the value is read.
/// </summary>
public sealed class ConfigString : ConfigValue
{
    internal ConfigString(ConfigOrigin origin, string text, bool quoted) : base(origin)
    {
        Text = text;
        Quoted = quoted;
    }

    /// <summary>The text.</summary>
    public string Text { get; }

    /// <summary>Whether any of the text was written in quotes (a quoted <c>"null"</c> is a string, not null).</summary>
    public bool Quoted { get; }

    /// <inheritdoc />
    public override string Describe() => HoconRenderer.Quote(Text);
}
