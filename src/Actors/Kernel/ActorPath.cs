using System.Text;

namespace Weir.Actors.Kernel;

/// <summary>
/// The place of an actor in the tree, printed as <c>akka://weir/user/capture/eth0</c>. Two paths are equal
/// when their elements are; the UID of the incarnation is carried separately by <see cref="IActorRef"/>.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private const string ValidSymbols = "-_.*$+:@&=,!~';()";
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? $"akka://{systemName}" : $"{parent._text}/{name}";
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The actor system's name.</summary>
    public string SystemName { get; }

    /// <summary>The parent path, or <c>null</c> for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element (empty for the root).</summary>
    public string Name { get; }

    /// <summary>Number of elements below the root.</summary>
    public int Depth { get; }

    /// <summary>The address part, <c>akka://name</c>.</summary>
    public string Address => $"akka://{SystemName}";

    /// <summary>The elements below the root, in order.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            var path = this;
            for (int i = Depth - 1; i >= 0; i--)
            {
                elements[i] = path!.Name;
                path = path.Parent;
            }

            return elements;
        }
    }

    /// <summary>Creates the root path of a system.</summary>
    public static ActorPath Root(string systemName) => new(systemName, null, "");

    /// <summary>The child path <c>this/name</c>; the name is not validated here.</summary>
    public ActorPath Child(string name) => new(SystemName, this, name);

    /// <summary>The child path <c>parent/name</c>.</summary>
    public static ActorPath operator /(ActorPath parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Child(name);
    }

    /// <summary>The path with an incarnation UID, <c>akka://weir/user/a#42</c>.</summary>
    public string ToStringWithUid(int uid) => uid == 0 ? _text : $"{_text}#{uid}";

    /// <inheritdoc/>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Equality of paths.</summary>
    public static bool operator ==(ActorPath? left, ActorPath? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality of paths.</summary>
    public static bool operator !=(ActorPath? left, ActorPath? right) => !(left == right);

    /// <summary>
    /// Whether <paramref name="name"/> is a valid actor name: ASCII letters, digits, <c>-_.*$+:@&amp;=,!~';()</c> and
    /// <c>%xx</c> escapes, not empty and not starting with <c>$</c> (reserved for generated names).
    /// </summary>
    public static bool IsValidName(string? name) => !string.IsNullOrEmpty(name) && name[0] != '$' && IsValidPathElement(name);

    /// <summary>Whether <paramref name="element"/> is a valid path element (generated <c>$a</c> names included).</summary>
    public static bool IsValidPathElement(string element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Length == 0)
        {
            return false;
        }

        for (int i = 0; i < element.Length; i++)
        {
            char c = element[i];
            if (c == '%')
            {
                if (i + 2 >= element.Length || !Uri.IsHexDigit(element[i + 1]) || !Uri.IsHexDigit(element[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!IsValidChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Turns any string (an interface name such as <c>veth@if3</c> or <c>br 0</c>) into a valid actor name by
    /// percent-encoding the UTF-8 bytes of characters that are not allowed, a leading <c>$</c> and <c>%</c> itself;
    /// an empty string becomes <c>%00</c>. Distinct inputs give distinct names.
    /// </summary>
    public static string EscapeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "%00";
        }

        var sb = new StringBuilder(name.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool keep = c != '%' && IsValidChar(c) && !(i == 0 && c == '$');
            if (keep)
            {
                sb.Append(c);
                continue;
            }

            int length = char.IsHighSurrogate(c) && i + 1 < name.Length
                ? Encoding.UTF8.GetBytes(name.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(name.AsSpan(i, 1), utf8);
            for (int b = 0; b < length; b++)
            {
                sb.Append('%').Append(utf8[b].ToString("X2"));
            }
        }

        return sb.ToString();
    }

    private static bool IsValidChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || ValidSymbols.Contains(c, StringComparison.Ordinal);
}
