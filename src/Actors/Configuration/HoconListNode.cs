namespace Weir.Actors.Configuration;

/// <summary>A list (<c>[a, b]</c>).</summary>
internal sealed class HoconListNode(ConfigOrigin origin, IReadOnlyList<HoconNode> items) : HoconNode(origin)
{
    /// <summary>The elements in order.</summary>
    public IReadOnlyList<HoconNode> Items { get; } = items;
}
