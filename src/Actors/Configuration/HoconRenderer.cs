using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Weir.Actors.Configuration;

/// <summary>Writes a resolved tree back as HOCON text that parses to the same values.</summary>
internal static partial class HoconRenderer
{
    private const string Redacted = "<redacted>";

    /// <summary>Renders <paramref name="root"/>'s fields (without root braces).</summary>
    public static string Render(ConfigObject root, bool originComments, bool redactSecrets)
    {
        var sb = new StringBuilder();
        WriteFields(sb, root, 0, originComments, redactSecrets);
        return sb.ToString();
    }

    /// <summary>A JSON-style quoted string.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static void WriteFields(StringBuilder sb, ConfigObject obj, int depth, bool comments, bool redact)
    {
        foreach (var (key, value) in obj.Fields)
        {
            Indent(sb, depth);
            sb.Append(HoconPath.RenderSegment(key));
            if (value is ConfigObject child)
            {
                if (child.Fields.Count == 0)
                {
                    sb.Append(" {}");
                    AppendOrigin(sb, child, comments);
                    sb.Append('\n');
                    continue;
                }

                sb.Append(" {");
                AppendOrigin(sb, child, comments);
                sb.Append('\n');
                WriteFields(sb, child, depth + 1, comments, redact);
                Indent(sb, depth);
                sb.Append("}\n");
                continue;
            }

            sb.Append(" = ");
            WriteValue(sb, value, depth, comments, redact && IsSecret(key), redact && key == "connection-string");
            AppendOrigin(sb, value, comments);
            sb.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder sb, ConfigValue value, int depth, bool comments, bool secret, bool connectionString)
    {
        switch (value)
        {
            case ConfigString text:
                var shown = secret ? Redacted : connectionString ? PasswordPattern().Replace(text.Text, "$1=" + Redacted) : text.Text;
                sb.Append(secret || !IsSafeUnquoted(shown) ? Quote(shown) : shown);
                break;
            case ConfigNull:
                sb.Append("null");
                break;
            case ConfigList list when list.Items.All(i => i is ConfigString or ConfigNull):
                sb.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    WriteValue(sb, list.Items[i], depth, comments, secret, connectionString);
                }

                sb.Append(']');
                break;
            case ConfigList list:
                sb.Append("[\n");
                foreach (var item in list.Items)
                {
                    Indent(sb, depth + 1);
                    WriteValue(sb, item, depth + 1, comments, secret, connectionString);
                    sb.Append('\n');
                }

                Indent(sb, depth);
                sb.Append(']');
                break;
            case ConfigObject obj:
                sb.Append("{\n");
                WriteFields(sb, obj, depth + 1, comments, secret);
                Indent(sb, depth);
                sb.Append('}');
                break;
        }
    }

    private static void AppendOrigin(StringBuilder sb, ConfigValue value, bool comments)
    {
        if (comments)
        {
            sb.Append("  # ").Append(value.Origin.WithoutColumn());
        }
    }

    private static bool IsSecret(string key) =>
        key.Contains("token", StringComparison.OrdinalIgnoreCase) ||
        key.Contains("password", StringComparison.OrdinalIgnoreCase) ||
        key.Contains("secret", StringComparison.OrdinalIgnoreCase);

    private static bool IsSafeUnquoted(string text) =>
        text.Length > 0 && text != "null" && !text.StartsWith("include", StringComparison.Ordinal) &&
        !text.Contains("//", StringComparison.Ordinal) &&
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static void Indent(StringBuilder sb, int depth) => sb.Append(' ', depth * 2);

    [GeneratedRegex("(?i)(password|pwd)\\s*=\\s*[^;]*")]
    private static partial Regex PasswordPattern();
}
