namespace Weir.Engine.Query;

/// <summary>Parses the attribute list of a query: <c>sip,dip,dport</c> or a preset (goQuery's names).</summary>
public static class QueryAttributes
{
    private static readonly Dictionary<string, GroupAttributes> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sip"] = GroupAttributes.Sip, ["src"] = GroupAttributes.Sip,
        ["dip"] = GroupAttributes.Dip, ["dst"] = GroupAttributes.Dip,
        ["dport"] = GroupAttributes.Dport, ["port"] = GroupAttributes.Dport,
        ["proto"] = GroupAttributes.Proto, ["protocol"] = GroupAttributes.Proto,
        ["iface"] = GroupAttributes.Iface, ["time"] = GroupAttributes.Time,
        ["talk_conv"] = GroupAttributes.Sip | GroupAttributes.Dip,
        ["talk_src"] = GroupAttributes.Sip,
        ["talk_dst"] = GroupAttributes.Dip,
        ["apps_port"] = GroupAttributes.Dport | GroupAttributes.Proto,
        ["raw"] = GroupAttributes.Sip | GroupAttributes.Dip | GroupAttributes.Dport | GroupAttributes.Proto | GroupAttributes.Iface | GroupAttributes.Time,
    };

    /// <summary>The names accepted, for help text.</summary>
    public const string Help = "sip, dip, dport, proto, iface, time, or a preset: talk_conv (sip,dip), talk_src (sip), talk_dst (dip), apps_port (dport,proto), raw (all)";

    /// <summary>Parses a comma- (or space-) separated list of attributes and presets.</summary>
    /// <exception cref="FlowQueryException">An unknown name, with its column.</exception>
    public static GroupAttributes Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        GroupAttributes result = GroupAttributes.None;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            string name = text[start..i];
            if (!s_names.TryGetValue(name, out GroupAttributes a))
            {
                throw new FlowQueryException($"unknown attribute '{name}' (use {Help})", text, start + 1);
            }

            result |= a;
        }

        if (result == GroupAttributes.None)
        {
            throw new FlowQueryException($"no attributes given (use {Help})");
        }

        return result;
    }

    /// <summary>The attributes in output order, as names.</summary>
    public static IEnumerable<string> Names(GroupAttributes a)
    {
        if ((a & GroupAttributes.Time) != 0) yield return "time";
        if ((a & GroupAttributes.Iface) != 0) yield return "iface";
        if ((a & GroupAttributes.Sip) != 0) yield return "sip";
        if ((a & GroupAttributes.Dip) != 0) yield return "dip";
        if ((a & GroupAttributes.Dport) != 0) yield return "dport";
        if ((a & GroupAttributes.Proto) != 0) yield return "proto";
    }
}
