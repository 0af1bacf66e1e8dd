namespace Weir.Actors.Configuration;

/// <summary>
/// Layers one unresolved tree over another (<see cref="Config.WithFallback(Config)"/>): objects merge, an
/// unresolved value over an object or another unresolved value becomes a <see cref="HoconMergeNode"/>, anything
/// else wins. Self-references the top layer could not resolve in its own file take the bottom layer's value.
/// Builds new nodes; the inputs are not changed.
/// </summary>
internal static class HoconMerger
{
    /// <summary><paramref name="top"/> with <paramref name="bottom"/> as its fallback.</summary>
    public static HoconObjectNode WithFallback(HoconObjectNode top, HoconObjectNode bottom) =>
        (HoconObjectNode)Merge(FillBackward(top, bottom), bottom);

    private static HoconNode Merge(HoconNode top, HoconNode bottom)
    {
        if (top is HoconObjectNode t && bottom is HoconObjectNode b)
        {
            var result = new HoconObjectNode(t.Origin);
            foreach (var (key, value) in b.Fields)
            {
                result.Fields[key] = value;
            }

            foreach (var (key, value) in t.Fields)
            {
                result.Fields[key] = result.Fields.TryGetValue(key, out var under) ? Merge(value, under) : value;
            }

            return result;
        }

        if ((top is HoconObjectNode || top.IsUnresolved) && (bottom is HoconObjectNode || bottom.IsUnresolved))
        {
            IEnumerable<HoconNode> lower = bottom is HoconMergeNode m ? m.Stack : [bottom];
            IEnumerable<HoconNode> upper = top is HoconMergeNode n ? n.Stack : [top];
            return new HoconMergeNode(top.Origin, [.. lower, .. upper]);
        }

        return top;
    }

    private static HoconNode FillBackward(HoconNode node, HoconObjectNode bottom)
    {
        switch (node)
        {
            case HoconSubstitutionNode { LooksBackward: true } subst:
                return Find(bottom, subst.Path) ?? subst;
            case HoconObjectNode obj:
                var copy = new HoconObjectNode(obj.Origin);
                foreach (var (key, value) in obj.Fields)
                {
                    copy.Fields[key] = FillBackward(value, bottom);
                }

                return copy;
            case HoconListNode list:
                return new HoconListNode(list.Origin, [.. list.Items.Select(i => FillBackward(i, bottom))]);
            case HoconConcatNode concat:
                return new HoconConcatNode(concat.Origin, [.. concat.Parts.Select(p => FillBackward(p, bottom))]);
            case HoconMergeNode merge:
                return new HoconMergeNode(merge.Origin, [.. merge.Stack.Select(p => FillBackward(p, bottom))]);
            default:
                return node;
        }
    }

    private static HoconNode? Find(HoconObjectNode root, IReadOnlyList<string> path)
    {
        HoconNode current = root;
        foreach (var segment in path)
        {
            if (current is not HoconObjectNode obj || !obj.Fields.TryGetValue(segment, out var next))
            {
                return null;
            }

            current = next;
        }

        return current is HoconNullNode ? null : current;
    }

    /// <summary>A resolved value as an unresolved tree again, so it can be layered.</summary>
    public static HoconNode ToNode(ConfigValue value)
    {
        switch (value)
        {
            case ConfigObject obj:
                var node = new HoconObjectNode(obj.Origin);
                foreach (var (key, field) in obj.Fields)
                {
                    node.Fields[key] = ToNode(field);
                }

                return node;
            case ConfigList list:
                return new HoconListNode(list.Origin, [.. list.Items.Select(ToNode)]);
            case ConfigString text:
                return new HoconTextNode(text.Origin, text.Text, text.Quoted);
            default:
                return new HoconNullNode(value.Origin);
        }
    }
}
