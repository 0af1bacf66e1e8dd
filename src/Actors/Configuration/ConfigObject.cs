namespace Weir.Actors.Configuration;

/// <summary>A resolved object: keys in first-definition order.</summary>
public sealed class ConfigObject : ConfigValue
{
    private readonly OrderedDictionary<string, ConfigValue> _fields;

    internal ConfigObject(ConfigOrigin origin, OrderedDictionary<string, ConfigValue> fields) : base(origin) => _fields = fields;

    /// <summary>The fields.</summary>
    public IReadOnlyDictionary<string, ConfigValue> Fields => _fields;

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>The value of <paramref name="key"/> (one segment, not a path), if present.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigValue? value) =>
        _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public override string Describe() => "an object";
}
