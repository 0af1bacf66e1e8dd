namespace Weir.Actors.Configuration;

/// <summary>An object as written (<c>{ .. }</c> or a whole file): its fields in order, includes already spliced in.</summary>
internal sealed class HoconObjectLiteral(ConfigOrigin origin, IReadOnlyList<HoconField> fields) : HoconNode(origin)
{
    /// <summary>The fields in the order written.</summary>
    public IReadOnlyList<HoconField> Fields { get; } = fields;
}
