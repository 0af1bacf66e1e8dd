namespace Weir.Actors.Configuration;

/// <summary>An explicit <c>null</c>: the key counts as missing (<see cref="Config.HasPath(string)"/> is false).</summary>
public sealed class ConfigNull : ConfigValue
{
    internal ConfigNull(ConfigOrigin origin) : base(origin) { }

    /// <inheritdoc />
    public override string Describe() => "null";
}
