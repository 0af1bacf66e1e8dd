namespace Weir.Actors.Configuration;

/// <summary>A resolved configuration value: an object, a list, a string (every scalar is text) or null.</summary>
public abstract class ConfigValue
{
    private protected ConfigValue(ConfigOrigin origin) => Origin = origin;

    /// <summary>Where the value was written.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>What the value is, for messages (<c>an object</c>, <c>a list</c>, <c>"fast"</c>, <c>null</c>).</summary>
    public abstract string Describe();
}
