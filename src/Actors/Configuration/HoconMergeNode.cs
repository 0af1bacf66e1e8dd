namespace Weir.Actors.Configuration;

/// <summary>
/// Definitions of one key that can only be merged once substitutions are resolved (<c>a = ${b}</c> followed by
/// <c>a { .. }</c>): lowest priority first. Resolved, each object merges over the ones before it and any other
/// value replaces them.
/// </summary>
internal sealed class HoconMergeNode(ConfigOrigin origin, IReadOnlyList<HoconNode> stack) : HoconNode(origin)
{
    /// <summary>The definitions, earliest (lowest priority) first.</summary>
    public IReadOnlyList<HoconNode> Stack { get; } = stack;

    /// <inheritdoc />
    public override bool IsUnresolved => true;
}
