namespace Weir.Engine.Packets.Dissection;

/// <summary>One decoded header of a frame: its name (<c>ethernet</c>, <c>vlan</c>, <c>ipv4</c>, <c>tcp</c>, …) and fields in wire order.</summary>
public sealed class DissectedLayer
{
    private readonly List<KeyValuePair<string, object>> _fields = [];

    /// <summary>Creates a layer named <paramref name="name"/>.</summary>
    public DissectedLayer(string name) => Name = name;

    /// <summary>The layer's name as JSON output prints it.</summary>
    public string Name { get; }

    /// <summary>Fields in wire order; values are <see cref="string"/>, <see cref="long"/> or <see cref="bool"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Fields => _fields;

    /// <summary>The value of field <paramref name="key"/>, or null.</summary>
    public object? this[string key]
    {
        get
        {
            foreach (KeyValuePair<string, object> field in _fields)
            {
                if (field.Key == key)
                {
                    return field.Value;
                }
            }

            return null;
        }
    }

    internal DissectedLayer Add(string key, object value)
    {
        _fields.Add(new KeyValuePair<string, object>(key, value));
        return this;
    }
}
