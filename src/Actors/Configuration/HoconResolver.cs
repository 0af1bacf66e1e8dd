namespace Weir.Actors.Configuration;

/// <summary>
/// Resolves a merged tree into <see cref="ConfigValue"/>s: substitutions against the final tree, falling back to
/// the environment variable of the path's exact name; <c>${?x}</c> left unresolved omits its field (or its part of
/// a concatenation); <c>${x}</c> left unresolved is an error naming the field's path, the substitution and where
/// it was written. Cycles are errors too.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconNode, ConfigValue?> _done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconNode> _active = new(ReferenceEqualityComparer.Instance);

    private HoconResolver(HoconObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves the whole tree.</summary>
    public static ConfigObject Resolve(HoconObjectNode root, Func<string, string?>? environment = null)
    {
        var resolver = new HoconResolver(root, environment ?? Environment.GetEnvironmentVariable);
        return (ConfigObject)resolver.ResolveNode(root, [])!;
    }

    /// <summary>The value of <paramref name="node"/>, or null when it is omitted (an unresolved <c>${?x}</c>).</summary>
    private ConfigValue? ResolveNode(HoconNode node, IReadOnlyList<string> path)
    {
        if (_done.TryGetValue(node, out var cached))
        {
            return cached;
        }

        if (!_active.Add(node))
        {
            var what = node is HoconSubstitutionNode s ? $"{s} " : "";
            throw new ConfigurationException(
                $"{Describe(path)}: substitution cycle: the value {what}at {node.Origin} depends on itself", Describe(path), node.Origin);
        }

        try
        {
            var result = node switch
            {
                HoconObjectNode obj => ResolveObject(obj, path),
                HoconListNode list => new ConfigList(list.Origin, [.. list.Items.Select((item, i) => ResolveNode(item, HoconPath.Append(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).OfType<ConfigValue>()]),
                HoconTextNode text => new ConfigString(text.Origin, text.Text, text.Quoted),
                HoconNullNode nul => new ConfigNull(nul.Origin),
                HoconSubstitutionNode subst => ResolveSubstitution(subst, path),
                HoconConcatNode concat => ResolveConcat(concat, path),
                HoconMergeNode merge => ResolveMerge(merge, path),
                _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name} at {node.Origin}"),
            };
            _done[node] = result;
            return result;
        }
        finally
        {
            _active.Remove(node);
        }
    }

    private ConfigObject ResolveObject(HoconObjectNode obj, IReadOnlyList<string> path)
    {
        var fields = new OrderedDictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in obj.Fields)
        {
            var resolved = ResolveNode(value, HoconPath.Append(path, key));
            if (resolved is not null)
            {
                fields[key] = resolved;
            }
        }

        return new ConfigObject(obj.Origin, fields);
    }

    private ConfigValue? ResolveSubstitution(HoconSubstitutionNode subst, IReadOnlyList<string> path)
    {
        if (!subst.LooksBackward)
        {
            var found = Lookup(subst.Path) ?? (subst.AlternativePath is { } alternative ? Lookup(alternative) : null);
            if (found is not null)
            {
                return found;
            }
        }

        var name = string.Join('.', subst.AlternativePath ?? subst.Path);
        var variable = _environment(name);
        if (variable is not null)
        {
            return new ConfigString(ConfigOrigin.Environment(name), variable, quoted: true);
        }

        if (subst.Optional)
        {
            return null;
        }

        throw new ConfigurationException(
            $"{Describe(path)}: could not resolve {subst}: there is no key '{name}' and no environment variable of that name ({subst.Origin})",
            Describe(path), subst.Origin);
    }

    /// <summary>The resolved value at an absolute path of the final tree, or null when there is none.</summary>
    private ConfigValue? Lookup(IReadOnlyList<string> segments)
    {
        HoconNode current = _root;
        for (var i = 0; i < segments.Count; i++)
        {
            if (current is HoconObjectNode obj)
            {
                if (!obj.Fields.TryGetValue(segments[i], out var next))
                {
                    return null;
                }

                current = next;
                continue;
            }

            // The path passes through a value that only becomes an object once resolved.
            ConfigValue? value = ResolveNode(current, segments.Take(i).ToArray());
            for (var j = i; j < segments.Count; j++)
            {
                if (value is not ConfigObject o || !o.TryGetValue(segments[j], out value))
                {
                    return null;
                }
            }

            return value;
        }

        return ResolveNode(current, segments);
    }

    private ConfigValue? ResolveConcat(HoconConcatNode concat, IReadOnlyList<string> path)
    {
        var parts = new List<(HoconTextNode? Whitespace, ConfigValue? Value)>();
        foreach (var part in concat.Parts)
        {
            if (part is HoconTextNode { IsWhitespace: true } ws)
            {
                parts.Add((ws, null));
                continue;
            }

            var value = ResolveNode(part, path);
            if (value is not null)
            {
                parts.Add((null, value));
            }
        }

        var values = parts.Where(p => p.Value is not null).Select(p => p.Value!).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        if (values.All(v => v is ConfigList))
        {
            return new ConfigList(values[0].Origin, [.. values.SelectMany(v => ((ConfigList)v).Items)]);
        }

        if (values.All(v => v is ConfigObject))
        {
            return values.Aggregate((earlier, later) => MergeResolved(later, earlier));
        }

        if (values.Count == 1 && values[0] is not ConfigString)
        {
            // One value left (the rest were undefined ${?x}); whitespace only joins strings.
            return values[0];
        }

        var oddIndex = values.FindIndex(v => v is not ConfigString);
        if (oddIndex >= 0)
        {
            // Name the odd value and, preferably, one of another kind (there are at least two values here).
            var odd = values[oddIndex];
            var other = values.Where((v, i) => i != oddIndex && v.GetType() != odd.GetType()).FirstOrDefault()
                        ?? values.Where((_, i) => i != oddIndex).First();
            throw new ConfigurationException(
                $"{Describe(path)}: cannot concatenate {odd.Describe()} ({odd.Origin}) with {other.Describe()} ({other.Origin})",
                Describe(path), concat.Origin);
        }

        if (values.Count == 1 && parts.Count == 1)
        {
            return values[0];
        }

        var text = string.Concat(parts.Select(p => p.Whitespace?.Text ?? ((ConfigString)p.Value!).Text));
        var quoted = values.Any(v => ((ConfigString)v).Quoted);
        return new ConfigString(concat.Origin, text, quoted);
    }

    private ConfigValue? ResolveMerge(HoconMergeNode merge, IReadOnlyList<string> path)
    {
        ConfigValue? result = null;
        foreach (var item in merge.Stack)
        {
            var value = ResolveNode(item, path);
            if (value is not null)
            {
                result = result is null ? value : MergeResolved(value, result);
            }
        }

        return result;
    }

    /// <summary><paramref name="top"/> over <paramref name="bottom"/>: objects merge recursively, anything else wins.</summary>
    public static ConfigValue MergeResolved(ConfigValue top, ConfigValue bottom)
    {
        if (top is not ConfigObject t || bottom is not ConfigObject b)
        {
            return top;
        }

        var fields = new OrderedDictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in b.Fields)
        {
            fields[key] = value;
        }

        foreach (var (key, value) in t.Fields)
        {
            fields[key] = fields.TryGetValue(key, out var under) ? MergeResolved(value, under) : value;
        }

        return new ConfigObject(t.Origin, fields);
    }

    private static string Describe(IReadOnlyList<string> path) => path.Count == 0 ? "(root)" : HoconPath.Render(path);
}
