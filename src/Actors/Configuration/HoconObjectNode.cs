namespace Weir.Actors.Configuration;

/// <summary>An object after merging: each key once, in first-definition order.</summary>
internal sealed class HoconObjectNode(ConfigOrigin origin) : HoconNode(origin)
{
    /// <summary>The fields; mutated only while <see cref="HoconTreeBuilder"/> or a merge builds this node.</summary>
    public OrderedDictionary<string, HoconNode> Fields { get; } = new(StringComparer.Ordinal);
}
