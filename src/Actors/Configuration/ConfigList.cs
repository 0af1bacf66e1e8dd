namespace Weir.Actors.Configuration;

/// <summary>A resolved list.</summary>
public sealed class ConfigList : ConfigValue
{
    internal ConfigList(ConfigOrigin origin, IReadOnlyList<ConfigValue> items) : base(origin) => Items = items;

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<ConfigValue> Items { get; }

    /// <inheritdoc />
    public override string Describe() => "a list";
}
