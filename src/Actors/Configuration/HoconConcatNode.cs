namespace Weir.Actors.Configuration;

/// <summary>
/// A value concatenation: <c>foo bar</c>, <c>${dir}"/db"</c>, <c>${list} [x]</c>, <c>${obj} { k = v }</c>.
/// Strings join (with the whitespace between them), lists append, objects merge.
/// </summary>
internal sealed class HoconConcatNode(ConfigOrigin origin, IReadOnlyList<HoconNode> parts) : HoconNode(origin)
{
    /// <summary>The parts in order, whitespace included as <see cref="HoconTextNode.IsWhitespace"/> text.</summary>
    public IReadOnlyList<HoconNode> Parts { get; } = parts;

    /// <inheritdoc />
    public override bool IsUnresolved => true;
}
