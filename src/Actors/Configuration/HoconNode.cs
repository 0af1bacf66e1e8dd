namespace Weir.Actors.Configuration;

/// <summary>
/// A value as parsed, before substitutions are resolved. The parser produces a tree of these with
/// <see cref="HoconObjectLiteral"/> objects; <see cref="HoconTreeBuilder"/> turns the literals into merged
/// <see cref="HoconObjectNode"/> maps; <see cref="HoconResolver"/> turns the result into <see cref="ConfigValue"/>s.
/// Nodes are not changed once a <see cref="Config"/> holds them.
/// </summary>
internal abstract class HoconNode
{
    protected HoconNode(ConfigOrigin origin) => Origin = origin;

    /// <summary>Where the value starts.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>Whether the value may still change when substitutions are resolved (so it may become an object).</summary>
    public virtual bool IsUnresolved => false;
}
