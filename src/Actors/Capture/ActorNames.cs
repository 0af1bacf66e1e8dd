using System.Globalization;
using System.Text;

namespace Weir.Actors.Capture;

/// <summary>Escapes interface names for actor paths (Akka's allowed characters, anything else as <c>%xx</c> of its UTF-8 bytes).</summary>
public static class ActorNames
{
    private const string Allowed = "-_.*$+:@&=,!~';()";

    /// <summary>The actor name for interface <paramref name="interfaceName"/>: the name itself when it is a valid actor name, else escaped.</summary>
    public static string Escape(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var sb = new StringBuilder(interfaceName.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < interfaceName.Length; i++)
        {
            char c = interfaceName[i];
            bool ok = char.IsAsciiLetterOrDigit(c) || (Allowed.Contains(c) && !(c == '$' && i == 0));
            if (ok)
            {
                sb.Append(c);
                continue;
            }

            int len = char.IsSurrogatePair(interfaceName, i)
                ? Encoding.UTF8.GetBytes(interfaceName.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes(interfaceName.AsSpan(i, 1), bytes);
            for (int b = 0; b < len; b++)
            {
                sb.Append('%').Append(bytes[b].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
